#!/usr/bin/env node
// The package's executable. It stays plain JavaScript so that npm can link it as a bin;
// everything else is TypeScript run through Node's type stripping.
import { main } from '../cli/main.ts'

// kafkajs 2.2.4 schedules its request-queue check with a negative delay, which Node 24 reports
// as a TimeoutNegativeWarning on every start (the timer simply fires at once). The warning says
// nothing a user can act on, so only that one is dropped.
const emitWarning = process.emitWarning
process.emitWarning = function (warning, ...rest) {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type
  if (type === 'TimeoutNegativeWarning' || warning?.name === 'TimeoutNegativeWarning') return
  return emitWarning.call(process, warning, ...rest)
}

process.exitCode = await main(process.argv.slice(2))
