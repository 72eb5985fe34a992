// The services of the local stack, in start order.
import { clickhouseService } from './clickhouse.ts'
import { kafkaService } from './kafka.ts'
import { prometheusService } from './prometheus.ts'
import { registryService } from './registry.ts'
import { s3Service } from './s3.ts'
import type { LocalService } from './service.ts'

export const stackServices: LocalService[] = [kafkaService, registryService, s3Service, clickhouseService, prometheusService]

/**
 * Installed with the stack's Debian packages because the benchmarks compare against `pdftotext`
 * and the live dashboard's end-to-end test drives headless Chromium.
 */
export const extraDebianPackages = ['poppler-utils', 'chromium']
