/**
 * Chart files out of the Metrics page: standalone SVG, and PNG by drawing the chart's SVG on a
 * canvas (text files go through components/download.ts). CSS variables are resolved against the page first, so the file looks
 * like the chart on screen in the current theme.
 */
import { resolveCssVars, serializeSvg } from '../../lib/charts/index.ts';
import { downloadBlob } from '../../components/download.ts';

export { downloadText, safeFileName } from '../../components/download.ts';

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name);
}

/** Standalone SVG text with the theme's colours baked in. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const text = resolveCssVars(serializeSvg(svg, XMLSerializer), cssVar);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

export async function downloadPng(svg: SVGSVGElement, fileName: string, scale = 2): Promise<void> {
  const text = resolveCssVars(serializeSvg(svg, XMLSerializer), cssVar);
  const width = Number(svg.getAttribute('width')) || svg.clientWidth || 600;
  const height = Number(svg.getAttribute('height')) || svg.clientHeight || 400;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.fillStyle = cssVar('--bg').trim() || '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  downloadBlob(blob, fileName);
}
