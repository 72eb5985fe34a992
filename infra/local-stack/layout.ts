// Where the local stack keeps everything: one directory (SLUICE_HOME) so a user can find,
// back up or delete it in one place. Downloads are kept apart from data so deleting data/
// resets the services without a new download.
import path from 'node:path'

export interface StackLayout {
  home: string
  /** Downloads and builds, shared by every service and kept across `down`/`up`. */
  cache: string
  /** Prometheus reads scrape targets from here; services drop one JSON file each. */
  prometheusTargets: string
  data: (service: string) => string
  config: (service: string) => string
  log: (service: string) => string
  pidFile: (service: string) => string
}

export function stackLayout (home: string): StackLayout {
  const root = path.resolve(home)
  return {
    home: root,
    cache: path.join(root, 'cache'),
    prometheusTargets: path.join(root, 'prometheus', 'targets'),
    data: (service) => path.join(root, 'data', service),
    config: (service) => path.join(root, 'config', service),
    log: (service) => path.join(root, 'logs', `${service}.log`),
    pidFile: (service) => path.join(root, 'run', `${service}.pid`)
  }
}
