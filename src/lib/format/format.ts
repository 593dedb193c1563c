/**
 * The app's one formatter for numbers, byte sizes, durations and dates, per UI language. Pure:
 * the language comes in as a parameter (src/state/i18n.svelte.ts passes the current one).
 *
 * Intl formatters are expensive to create (tens of microseconds each) and progress labels are
 * formatted many times a second, so each (language, options) formatter is built once and kept.
 */
import type { Lang } from '../i18n/translate.ts';

const LOCALE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-US' };
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(lang: Lang, digits: number, trim: boolean): Intl.NumberFormat {
  const key = `${lang}|${digits}|${trim}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, minimumFractionDigits: trim ? 0 : digits });
    numberFormats.set(key, f);
  }
  return f;
}

/** Separators as Intl writes them for each language ("161,076.5", "161 076,5" with U+00A0). */
const GROUP: Record<Lang, string> = { en: ',', ru: '\u00a0' };
const DECIMAL: Record<Lang, string> = { en: '.', ru: ',' };

/**
 * A number with exactly `digits` decimals, grouped as the language groups thousands.
 *
 * Finite numbers are written here rather than by Intl: the first Intl.NumberFormat of a page
 * loads the locale's data, about 150 ms of main thread on a desktop and over half a second on a
 * phone, right at start-up (every page shows counts from its first paint). The result is Intl's
 * to the character: like Intl, it rounds the number's shortest decimal form (what String(n)
 * shows, so 1.005 → "1.01", where toFixed would give "1.00") half away from zero; a unit test
 * compares them. Intl still writes what this does not cover (NaN, ±∞, exponent forms).
 */
export function formatNumber(lang: Lang, n: number, digits = 0): string {
  return writeNumber(lang, n, digits, false);
}

/**
 * A number with at most `maxDigits` decimals and no trailing zeros ("0.5", "0.125", "1"), as
 * Intl writes it with `maximumFractionDigits: maxDigits, minimumFractionDigits: 0` (chart axes,
 * values and tooltips), without creating an Intl formatter (see formatNumber).
 */
export function formatNumberUpTo(lang: Lang, n: number, maxDigits: number): string {
  return writeNumber(lang, n, maxDigits, true);
}

function writeNumber(lang: Lang, n: number, digits: number, trim: boolean): string {
  const fixed = roundedDecimal(Math.abs(n), digits);
  if (fixed === null) return numberFormat(lang, digits, trim).format(n);
  const [int, rawFrac] = fixed;
  const frac = trim ? rawFrac.replace(/0+$/, '') : rawFrac;
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, GROUP[lang]);
  const body = frac === '' ? grouped : `${grouped}${DECIMAL[lang]}${frac}`;
  return n < 0 || Object.is(n, -0) ? `-${body}` : body;
}

/** [integer digits, `digits` fraction digits] of a non-negative number, or null outside plain decimals. */
function roundedDecimal(abs: number, digits: number): [string, string] | null {
  const s = String(abs);
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const [int, frac = ''] = s.split('.');
  if (frac.length <= digits) return [int, frac.padEnd(digits, '0')];
  const up = frac.charCodeAt(digits) >= 53; // '5'
  const scaled = (BigInt(int + frac.slice(0, digits)) + (up ? 1n : 0n)).toString().padStart(digits + 1, '0');
  return [scaled.slice(0, scaled.length - digits), scaled.slice(scaled.length - digits)];
}

const BYTE_UNITS: Record<Lang, readonly string[]> = {
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'],
};

/** A byte count in decimal units (1 MB = 1,000,000 bytes, as Hugging Face and disks count). */
export function formatBytes(lang: Lang, bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = BYTE_UNITS[lang];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  // Whole bytes; one decimal below 100 of a unit ("4.4 MB"), none above ("397 MB").
  const digits = i === 0 || v >= 100 ? 0 : 1;
  return `${formatNumber(lang, v, digits)} ${units[i]}`;
}

const DURATION_UNITS: Record<Lang, { d: string; h: string; m: string; s: string }> = {
  en: { d: 'd', h: 'h', m: 'min', s: 's' },
  ru: { d: 'д', h: 'ч', m: 'мин', s: 'с' },
};

/** A duration in its two largest units ("2 h 5 min", "3 мин 20 с", "45 s"); '?' when unknown. */
export function formatDuration(lang: Lang, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const u = DURATION_UNITS[lang];
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (d > 0) return h > 0 ? `${d} ${u.d} ${h} ${u.h}` : `${d} ${u.d}`;
  if (h > 0) return m > 0 ? `${h} ${u.h} ${m} ${u.m}` : `${h} ${u.h}`;
  if (m > 0) return r > 0 ? `${m} ${u.m} ${r} ${u.s}` : `${m} ${u.m}`;
  return `${r} ${u.s}`;
}

/** A moment as date and time in the language's style ("30.11.2026, 14:05"). */
export function formatDateTime(lang: Lang, ms: number): string {
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'short', timeStyle: 'short' });
    dateFormats.set(lang, f);
  }
  return f.format(ms);
}
