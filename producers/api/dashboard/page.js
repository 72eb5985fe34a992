/* global document, window */
// Polls /v1/dashboard/data and draws it with plain DOM and SVG: no framework, no CDN.
const pollMs = 2000
const colors = ['#4fb3ff', '#5ad17a', '#f5b942', '#c792ea', '#ff6b6b']

const byId = (id) => document.getElementById(id)

function formatRate (value) {
  if (value === null || value === undefined) return '–'
  return value >= 100 ? value.toFixed(0) : value.toFixed(2)
}

function formatMs (seconds) {
  if (seconds === null || seconds === undefined) return '–'
  const ms = seconds * 1000
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}

function element (tag, attributes = {}, text) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value))
  if (text !== undefined) node.textContent = text
  return node
}

function table (headers, rows, className = '') {
  if (rows.length === 0) return element('div', { class: 'empty' }, 'nothing in this window')
  const result = element('table', { class: className })
  const head = element('tr')
  for (const header of headers) head.append(element('th', {}, header))
  result.append(head)
  for (const row of rows) {
    const line = element('tr')
    for (const cell of row) {
      const td = element('td')
      if (cell instanceof window.Node) td.append(cell); else td.textContent = cell
      line.append(td)
    }
    result.append(line)
  }
  return result
}

function bars (entries, label, value) {
  const max = Math.max(1, ...entries.map(value))
  return table(['', ''], entries.map((entry) => {
    const cell = element('div')
    cell.append(element('div', { class: 'bar', style: `width:${Math.max(2, (value(entry) / max) * 100)}%` }))
    return [`${label(entry)} (${value(entry)})`, cell]
  }), 'bars')
}

function drawChart (svg, legend, series, windowSeconds, generatedAt) {
  svg.replaceChildren()
  legend.replaceChildren()
  const width = 1000
  const height = 220
  const padding = { left: 44, right: 8, top: 8, bottom: 20 }
  const end = generatedAt / 1000
  const start = end - windowSeconds
  const values = series.flatMap((entry) => entry.points.map((point) => point[1] ?? 0))
  const max = Math.max(1, ...values) * 1.15
  const x = (time) => padding.left + ((time - start) / (end - start)) * (width - padding.left - padding.right)
  const y = (value) => height - padding.bottom - (value / max) * (height - padding.top - padding.bottom)
  for (let step = 0; step <= 4; step++) {
    const value = (max / 4) * step
    svg.append(element('svg:line', { x1: padding.left, x2: width - padding.right, y1: y(value), y2: y(value), stroke: '#26303a' }))
    svg.append(element('svg:text', { x: 4, y: y(value) + 4 }, value.toFixed(value < 10 ? 1 : 0)))
  }
  for (let minutesAgo = Math.floor(windowSeconds / 60); minutesAgo >= 0; minutesAgo -= 2) {
    const anchor = minutesAgo === 0 ? 'end' : 'middle'
    svg.append(element('svg:text', { x: x(end - minutesAgo * 60), y: height - 4, 'text-anchor': anchor }, minutesAgo === 0 ? 'now' : `-${minutesAgo}m`))
  }
  series.forEach((entry, index) => {
    const color = colors[index % colors.length]
    const path = entry.points
      .filter((point) => point[1] !== null)
      .map((point, position) => `${position === 0 ? 'M' : 'L'}${x(point[0]).toFixed(1)},${y(point[1]).toFixed(1)}`)
      .join(' ')
    if (path !== '') svg.append(element('svg:path', { d: path, fill: 'none', stroke: color, 'stroke-width': 2, 'data-door': entry.door }))
    const key = element('span')
    key.append(element('i', { style: `background:${color}` }), document.createTextNode(entry.door))
    legend.append(key)
  })
  if (series.length === 0) legend.append(element('span', { class: 'empty' }, 'no documents in this window'))
}

function render (data) {
  byId('docs-per-second').textContent = formatRate(data.docsPerSecond.current)
  byId('processed-per-second').textContent = formatRate(data.processedPerSecond)
  byId('failed-per-second').textContent = formatRate(data.failedPerSecond)
  byId('dead-letters-per-second').textContent = formatRate(data.deadLettersPerSecond)
  byId('lag-total').textContent = String(Math.round(data.lag.total))
  const total = data.stageLatencySeconds.find((entry) => entry.stage === 'total')
  byId('e2e-p99').textContent = formatMs(total ? total.p99 : null)
  byId('window').textContent = `last ${Math.round(data.windowSeconds / 60)} min`
  drawChart(byId('docs-chart'), byId('docs-legend'), data.docsPerSecond.byDoor, data.windowSeconds, data.generatedAt)
  byId('stage-latency').replaceChildren(table(['stage', 'p50', 'p95', 'p99'],
    data.stageLatencySeconds.map((entry) => [entry.stage, formatMs(entry.p50), formatMs(entry.p95), formatMs(entry.p99)])))
  byId('failures').replaceChildren(bars(data.failuresByReason, (entry) => entry.reason, (entry) => entry.documents))
  byId('redactions').replaceChildren(bars(data.redactionsByType, (entry) => entry.type, (entry) => entry.findings))
  byId('lag-groups').replaceChildren(table(['group', 'messages'], data.lag.byGroup.map((entry) => [entry.group, String(Math.round(entry.messages))])))
  byId('errors').textContent = data.errors.join('\n')
  byId('updated-at').textContent = new Date(data.generatedAt).toLocaleTimeString()
}

// The API key comes in the URL fragment (/dashboard#key=...), never sent to the server; it is kept
// for this tab only and removed from the address bar.
const fragmentKey = new URLSearchParams(window.location.hash.slice(1)).get('key')
if (fragmentKey) {
  window.sessionStorage.setItem('sluice-api-key', fragmentKey)
  window.history.replaceState(null, '', window.location.pathname)
}
const apiKey = window.sessionStorage.getItem('sluice-api-key') ?? ''

async function poll () {
  try {
    const response = await window.fetch('/v1/dashboard/data', { cache: 'no-store', headers: { authorization: `Bearer ${apiKey}` } })
    if (response.status === 401) {
      byId('errors').textContent = 'Open this page as /dashboard#key=<your API key> (a key from SLUICE_API_KEYS).'
      return
    }
    const data = await response.json()
    if (data.docsPerSecond) render(data)
    else byId('errors').textContent = `dashboard data failed: ${response.status} ${JSON.stringify(data)}`
  } catch (error) {
    byId('errors').textContent = `dashboard data failed: ${error.message}`
  } finally {
    window.setTimeout(poll, pollMs)
  }
}

poll()
