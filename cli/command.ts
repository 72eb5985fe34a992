// The shape every `sluice <command>` implements. Each command is one file in ./commands/ that
// parses its options and drives a component (lib/, producers/, consumers/, infra/, bench/);
// ./commands.ts lists them.

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  description: string
  /** Shown in --help; parsing leaves absent options undefined so commands can fall back to config. */
  default?: string
  multiple?: boolean
}

export interface CommandInput {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>
  positionals: string[]
}

export interface Command {
  name: string
  summary: string
  /** One line such as `sluice extract FILE.pdf [--json]`. */
  usage: string
  /** Longer explanation printed by --help, after the usage line. */
  details?: string
  options: Record<string, OptionSpec>
  /** How many positional arguments are accepted; undefined means none. */
  positionals?: { min: number, max: number }
  run: (input: CommandInput) => Promise<number>
}

/** Exit codes shared by all commands so scripts can tell bad input from failures of Sluice itself. */
export const exitCodes = {
  ok: 0,
  internalError: 1,
  usage: 2,
  badInput: 3,
  unavailable: 4
} as const
