// A dependency-free SVG line chart: one panel per measured series group (throughput, lag),
// stacked vertically, with axes, gridlines, labels and a legend. Values are per second.

export interface Series { label: string, values: number[], color: string }
export interface Panel { title: string, yLabel: string, series: Series[] }

const width = 900
const panelHeight = 230
const margin = { left: 70, right: 20, top: 34, bottom: 42 }

export function renderChart (title: string, panels: Panel[]): string {
  const height = 40 + panels.length * panelHeight
  const body = panels.map((panel, index) => renderPanel(panel, 40 + index * panelHeight)).join('\n')
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    '</svg>',
    ''
  ].join('\n')
}

function renderPanel (panel: Panel, top: number): string {
  const plotWidth = width - margin.left - margin.right
  const plotHeight = panelHeight - margin.top - margin.bottom
  const x0 = margin.left
  const y0 = top + margin.top
  const points = Math.max(2, ...panel.series.map((series) => series.values.length))
  const finite = panel.series.flatMap((series) => series.values.filter((value) => Number.isFinite(value)))
  const yMax = niceCeiling(Math.max(1, ...finite))
  const xOf = (index: number): number => x0 + (index / (points - 1)) * plotWidth
  const yOf = (value: number): number => y0 + plotHeight - (value / yMax) * plotHeight
  const parts: string[] = [`<text x="${x0}" y="${top + 20}" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`]
  for (let step = 0; step <= 4; step++) {
    const value = (yMax / 4) * step
    const y = yOf(value).toFixed(1)
    parts.push(`<line x1="${x0}" y1="${y}" x2="${x0 + plotWidth}" y2="${y}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${x0 - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(value)}</text>`)
  }
  const xSteps = Math.min(10, points - 1)
  for (let step = 0; step <= xSteps; step++) {
    const index = Math.round(((points - 1) / xSteps) * step)
    parts.push(`<text x="${xOf(index).toFixed(1)}" y="${y0 + plotHeight + 16}" text-anchor="middle">${index}s</text>`)
  }
  parts.push(`<line x1="${x0}" y1="${y0 + plotHeight}" x2="${x0 + plotWidth}" y2="${y0 + plotHeight}" stroke="#333"/>`)
  parts.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 + plotHeight}" stroke="#333"/>`)
  parts.push(`<text x="16" y="${y0 + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${y0 + plotHeight / 2})">${escapeXml(panel.yLabel)}</text>`)
  panel.series.forEach((series, index) => {
    const path = series.values
      .map((value, at) => Number.isFinite(value) ? `${xOf(at).toFixed(1)},${yOf(value).toFixed(1)}` : undefined)
      .filter((point) => point !== undefined)
      .join(' ')
    if (path !== '') parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="1.8" points="${path}"/>`)
    const legendX = x0 + plotWidth - 190 * (panel.series.length - index)
    parts.push(`<rect x="${legendX}" y="${top + 11}" width="12" height="3" fill="${series.color}"/>`)
    parts.push(`<text x="${legendX + 16}" y="${top + 16}">${escapeXml(series.label)}</text>`)
  })
  return parts.join('\n')
}

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
export function niceCeiling (value: number): number {
  const power = 10 ** Math.floor(Math.log10(value))
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power
  return 10 * power
}

function formatTick (value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

export function escapeXml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
