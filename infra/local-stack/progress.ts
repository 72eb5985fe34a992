// Progress lines for long stack operations, on stderr so stdout stays for command output.
export interface Progress {
  step: (service: string, message: string) => void
}

export function stderrProgress (startedAt = Date.now()): Progress {
  return {
    step (service, message) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)
      process.stderr.write(`[${seconds}s] ${service.padEnd(10)} ${message}\n`)
    }
  }
}
