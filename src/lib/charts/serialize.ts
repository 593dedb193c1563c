/**
 * Turning a chart into a file. `serializeSvg` writes standalone SVG text; `resolveCssVars`
 * replaces var(--x) (and color-mix of them) with the page's current colours, so a downloaded
 * SVG/PNG looks like what the user saw in their theme. `normalizeSvgForSnapshot` is the golden
 * test's canonical form (numbers rounded to 3 decimals, ids renumbered, one tag per line), after
 * observablehq/plot.
 */
export function serializeSvg(svg: SVGSVGElement, XMLSerializerCtor: typeof XMLSerializer): string {
  return new XMLSerializerCtor().serializeToString(svg);
}

/** Replaces `var(--name)` with the values `lookup` gives (e.g. getComputedStyle of <html>). */
export function resolveCssVars(svgText: string, lookup: (name: string) => string): string {
  return svgText.replace(/var\((--[a-z0-9-]+)\)/gi, (m, name: string) => lookup(name).trim() || m);
}

export function normalizeSvgForSnapshot(svgText: string): string {
  const ids = new Map<string, string>();
  return svgText
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return `id="${ids.get(id)}"`;
    })
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${ids.get(id) ?? id})`)
    .replace(/-?\d+\.\d{4,}/g, (n) => String(Math.round(Number(n) * 1000) / 1000))
    .replace(/></g, '>\n<')
    .trim()
    .concat('\n');
}
