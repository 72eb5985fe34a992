import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { isSluiceError } from '../errors.ts'
import { exitCodes, type Command } from './command.ts'
import { commands } from './commands.ts'
import { commandHelp, mainHelp } from './help.ts'

export async function main (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp(commands))
    return name === undefined ? exitCodes.usage : exitCodes.ok
  }
  const entry = commands.find((candidate) => candidate.name === name)
  if (entry === undefined) {
    process.stderr.write(`sluice: unknown command "${name}". Run \`sluice --help\` for the list.\n`)
    return exitCodes.usage
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command))
    return exitCodes.ok
  }
  let input
  try {
    input = parseCommandLine(command, rest)
  } catch (error) {
    process.stderr.write(`sluice ${name}: ${(error as Error).message}\n\n${commandHelp(command)}`)
    return exitCodes.usage
  }
  try {
    return await command.run(input)
  } catch (error) {
    return reportFailure(name, error)
  }
}

function parseCommandLine (command: Command, args: string[]): ReturnType<typeof parseArgs> {
  const options: ParseArgsOptionsConfig = {}
  for (const [optionName, spec] of Object.entries(command.options)) {
    options[optionName] = { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short !== undefined ? { short: spec.short } : {}) }
  }
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  const bounds = command.positionals ?? { min: 0, max: 0 }
  if (parsed.positionals.length < bounds.min || parsed.positionals.length > bounds.max) {
    const expected = bounds.min === bounds.max ? `${bounds.min}` : `${bounds.min} to ${bounds.max === Infinity ? 'any number of' : bounds.max}`
    throw new Error(`expected ${expected} argument(s), got ${parsed.positionals.length}`)
  }
  return parsed
}

function reportFailure (name: string, error: unknown): number {
  if (isSluiceError(error)) {
    process.stderr.write(`sluice ${name}: [${error.code}] ${error.message}\n`)
    if (error.hint !== undefined) process.stderr.write(`  ${error.hint}\n`)
    if (error.code === 'USAGE' || error.code === 'CONFIG_INVALID' || error.code === 'INSECURE_CONFIG') return exitCodes.usage
    if (error.code === 'SERVICE_UNAVAILABLE') return exitCodes.unavailable
    return exitCodes.internalError
  }
  process.stderr.write(`sluice ${name}: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`)
  return exitCodes.internalError
}
