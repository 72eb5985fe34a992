#!/usr/bin/env node
// The package's executable. It stays plain JavaScript so that npm can link it as a bin;
// everything else is TypeScript run through Node's type stripping.
import { main } from '../lib/cli/main.ts'

process.exitCode = await main(process.argv.slice(2))
