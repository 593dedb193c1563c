/**
 * Files out of the Metrics page: text (CSV, SVG) through an object URL, and PNG by drawing the
 * chart's SVG on a canvas. CSS variables are resolved against the page first, so the file looks
 * like the chart on screen in the current theme.
 */
import { resolveCssVars, serializeSvg } from '../../lib/charts/index.ts';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'chart';
}

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
