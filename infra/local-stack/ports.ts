// Whether something already listens on a port, so a foreign process on our port is reported
// as such instead of our server failing to bind and the probe talking to the stranger.
import { connect } from 'node:net'

export async function isPortAnswering (host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (answered: boolean): void => {
      socket.destroy()
      resolve(answered)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
