// Turns validated custom rules into a detector. Matching uses re2js, whose run time is linear
// in the input whatever the pattern, so a user's rule cannot stall a worker.
import type { RE2JS } from 're2js'
import { compileUserPattern } from './rules.ts'
import type { CustomRule, Detector, FindingSink } from './types.ts'
import { validators, type Validator } from './validators/index.ts'

interface CompiledRule { name: string, pattern: RE2JS, validator: Validator | undefined, score: number }

export function customRulesDetector (rules: readonly CustomRule[]): Detector {
  const compiled: CompiledRule[] = rules.map((rule) => ({
    name: rule.name,
    pattern: compileUserPattern(rule.pattern, rule.caseInsensitive, `rule "${rule.name}"`),
    validator: rule.validator === undefined ? undefined : validators[rule.validator],
    score: rule.score
  }))
  const context: Record<string, string[]> = {}
  for (const rule of rules) context[rule.name] = [...(context[rule.name] ?? []), ...rule.context]
  return {
    types: [...new Set(rules.map((rule) => rule.name))],
    context,
    detect (text: string, sink: FindingSink): void {
      for (const rule of compiled) {
        const matcher = rule.pattern.matcher(text)
        while (matcher.find()) {
          const start = matcher.start()
          const end = matcher.end()
          if (end <= start) continue
          if (rule.validator !== undefined && !rule.validator(text.slice(start, end))) continue
          sink.push({ type: rule.name, start, end, score: rule.score })
        }
      }
    }
  }
}
