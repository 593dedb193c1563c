/**
 * Markdown → sanitised HTML for untrusted text (dataset answers, model output, judge feedback).
 * Only the `html` of a `{ kind: 'html' }` result may ever reach `{@html}`.
 *
 * Three promises, tested in test/unit/text/ and measured by bench/markdown-bench.mjs:
 * - **Nothing reaches out.** Markdown is the only markup: raw HTML in the text is shown as text,
 *   and a markdown image as its source. The sanitiser then keeps an allow-list of
 *   text-formatting elements (paragraphs, emphasis, lists, tables, code, quotes, headings,
 *   links); no images, media, styles, classes, ids, forms or frames survive, and a link keeps
 *   only an http(s) or mailto target and opens in a new tab without opener or referrer. The
 *   page's Content-Security-Policy is the third wall.
 * - **Nothing freezes.** marked is fast on ordinary text, not on every input; bounded-marked.ts
 *   bounds its nesting and inline scans, so rendering stays linear in the length. Text over
 *   RENDER_CAP characters, or whose markup has over MAX_TAGS tags (each one costs the sanitiser
 *   and the page's layout), is shown as plain text until the user asks for formatting
 *   (`force`). A forced render goes piece by piece and stops at a time and tag budget
 *   (FORCED_BUDGET_MS, MAX_FORCED_TAGS); the rest stays plain text.
 * - **Nothing goes missing.** Any failure of the renderer yields `{ kind: 'plain' }`, and the
 *   caller shows the text verbatim.
 */
import createDOMPurify, { type Config, type WindowLike } from 'dompurify';
import { markdownToUnsanitizedHtml } from './bounded-marked.ts';

export { markdownToUnsanitizedHtml, MAX_NESTING, INLINE_WINDOW, LINK_WINDOW } from './bounded-marked.ts';

/** Longer texts (in UTF-16 code units) are shown as plain text until the user asks for formatting. */
export const RENDER_CAP = 32 * 1024;
/** Markup with more tags than this (about half as many elements) is shown as plain text too. */
export const MAX_TAGS = 8000;

/** A forced render stops starting new pieces after this long, or past this many tags. */
export const FORCED_BUDGET_MS = 2000;
export const MAX_FORCED_TAGS = 50_000;

export type MarkdownResult =
  /** `plainFrom`: a forced render stopped at its budget; the text from there on is shown plain. */
  | { kind: 'html'; html: string; plainFrom?: number }
  /**
   * too-long: over RENDER_CAP; too-complex: over MAX_TAGS (for both the caller may offer
   * `force`, unless it was forced already); failed: the renderer broke.
   */
  | { kind: 'plain'; reason: 'too-long' | 'too-complex' | 'failed' };

export interface RenderOptions {
  /** Render even over RENDER_CAP and MAX_TAGS (the user asked), within the forced budgets. */
  force?: boolean;
  /** Milliseconds, for the forced budget (tests pass a fake clock). */
  now?: () => number;
}

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'strong', 'b', 'em', 'i', 'del', 's', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a',
];
/** `align` is what marked writes on table cells; `start` numbers an ordered list. */
const ALLOWED_ATTR = ['href', 'title', 'align', 'start'];
/** Absolute http(s) and mailto only: no javascript:, data:, blob:, relative or in-app links. */
const ALLOWED_URI = /^(?:https?:\/\/|mailto:)/i;

const SANITIZE: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: ALLOWED_URI,
  // DOMPurify checks every attribute that is not "URI-safe" against ALLOWED_URI_REGEXP.
  ADD_URI_SAFE_ATTR: ['align', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};


/** marked escapes `<` in text, so each `<` of its output opens or closes a tag. */
function countTags(html: string): number {
  let n = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) n++;
  return n;
}

/**
 * `text` in pieces of at most `max` characters, cut where cutting changes the least: after a
 * blank line outside fenced code, else at a line end, else at a space. One pass.
 */
export function splitForRendering(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let blank = -1;
    let fence: string | null = null;
    for (let pos = 0; pos < window.length; ) {
      let end = window.indexOf('\n', pos);
      if (end === -1) end = window.length;
      const line = window.slice(pos, end);
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence !== null) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      } else if (f) fence = f[1];
      else if (line.trim() === '' && end < window.length) blank = end + 1;
      pos = end + 1;
    }
    let cut = blank > 0 ? blank : window.lastIndexOf('\n') + 1;
    if (cut <= 0) cut = window.lastIndexOf(' ') + 1;
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

export type MarkdownRenderer = (text: string, options?: RenderOptions) => MarkdownResult;

/**
 * A renderer bound to a window (the page's, or jsdom's in tests): DOMPurify needs a DOM.
 * The sanitiser's hooks belong to this instance only.
 */
export function createMarkdownRenderer(win: WindowLike): MarkdownRenderer {
  const purify = createDOMPurify(win);
  // Without a usable DOM DOMPurify returns its input unchanged: never let that through.
  if (!purify.isSupported) return () => ({ kind: 'plain', reason: 'failed' });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && 'setAttribute' in node) {
      const a = node as Element;
      if (a.hasAttribute('href')) {
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer nofollow');
        a.setAttribute('referrerpolicy', 'no-referrer');
      }
    }
  });

  /** Piece by piece (each at most RENDER_CAP), until the time or tag budget is spent. */
  const renderForced = (text: string, now: () => number): MarkdownResult => {
    const start = now();
    let html = '';
    let tags = 0;
    let at = 0;
    for (const piece of splitForRendering(text, RENDER_CAP)) {
      if (at > 0 && now() - start > FORCED_BUDGET_MS) break;
      const raw = markdownToUnsanitizedHtml(piece);
      tags += countTags(raw);
      if (tags > MAX_FORCED_TAGS) break;
      html += purify.sanitize(raw, SANITIZE);
      at += piece.length;
    }
    if (at === 0) return { kind: 'plain', reason: 'too-complex' };
    return at < text.length ? { kind: 'html', html, plainFrom: at } : { kind: 'html', html };
  };

  return (text, options = {}) => {
    if (text.length > RENDER_CAP && !options.force) return { kind: 'plain', reason: 'too-long' };
    try {
      if (options.force) return renderForced(text, options.now ?? (() => performance.now()));
      const html = markdownToUnsanitizedHtml(text);
      if (countTags(html) > MAX_TAGS) return { kind: 'plain', reason: 'too-complex' };
      return { kind: 'html', html: purify.sanitize(html, SANITIZE) };
    } catch {
      // A stack overflow or a bug in marked: the text is still shown, verbatim.
      return { kind: 'plain', reason: 'failed' };
    }
  };
}
