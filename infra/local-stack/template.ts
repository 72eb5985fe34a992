// Config templates in the repo carry {{name}} placeholders; rendering fails on any name it
// does not know, so a renamed value cannot leave a literal placeholder in a server config.
export function renderTemplate (template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_match, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`)
    return value
  })
}
