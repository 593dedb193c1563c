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
 * - **Nothing freezes.** marked is fast on ordinary text, not on every input (see the
 *   tokenizer below): nesting and inline scans are bounded, so rendering stays linear in the
 *   length. Text over RENDER_CAP characters, or whose markup has over MAX_TAGS tags (each one
 *   costs the sanitiser and the page's layout), is shown as plain text until the user asks for
 *   formatting (`force`). A forced render goes piece by piece and stops at a time and tag
 *   budget (FORCED_BUDGET_MS, MAX_FORCED_TAGS); the rest stays plain text.
 * - **Nothing goes missing.** Any failure of the renderer yields `{ kind: 'plain' }`, and the
 *   caller shows the text verbatim.
 */
import createDOMPurify, { type Config, type WindowLike } from 'dompurify';
import { Marked, Tokenizer, type MarkedExtension } from 'marked';

/** Longer texts (in UTF-16 code units) are shown as plain text until the user asks for formatting. */
export const RENDER_CAP = 32 * 1024;
/** Markup with more tags than this (about half as many elements) is shown as plain text too. */
export const MAX_TAGS = 8000;
/** Block quotes, lists, emphasis and links nested deeper than this show their delimiters as text. */
export const MAX_NESTING = 8;

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

/**
 * GFM's e-mail autolink rules scan an unbounded run of local-part characters for an `@` from
 * every stop of the inline lexer, so `_a_a_a…` or `*a*a*a…` (each character a stop) costs
 * O(n²): 320 KB took 11.5 s. An e-mail local part has at most 64 characters (RFC 5321), so the
 * same rules with that bound find every real address and cost O(64) per stop.
 */
function boundLocalPart(re: RegExp): RegExp {
  return new RegExp(re.source.replaceAll(']+@', ']{1,64}@').replaceAll(']+(@)', ']{1,64}(@)'), re.flags);
}

type InlineRules = Tokenizer<string, string>['rules']['inline'];
const boundedRules = new WeakMap<InlineRules, InlineRules>();

/** Runs one of marked's own tokenizers with the bounded e-mail rules in place of the originals. */
function withBoundedRules<T>(tokenizer: Tokenizer<string, string>, run: () => T): T {
  const rules = tokenizer.rules;
  const original = rules.inline;
  let bounded = boundedRules.get(original);
  if (!bounded) {
    bounded = { ...original, url: boundLocalPart(original.url), text: boundLocalPart(original.text), autolink: boundLocalPart(original.autolink) };
    boundedRules.set(original, bounded);
  }
  rules.inline = bounded;
  try {
    return run();
  } finally {
    rules.inline = original;
  }
}

/**
 * How deep block quotes, lists, emphasis, strikethrough and links may nest. marked tokenizes
 * each level by copying and re-lexing the rest of its text, so n levels cost O(n × length), and
 * a few thousand overflow the stack (3 KB of `>` did). Past this depth the delimiter is text.
 * Parsing is synchronous, so one counter serves every parse.
 */
let depth = 0;

function nested<T>(run: () => T | undefined): T | undefined {
  if (depth >= MAX_NESTING) return undefined;
  depth++;
  try {
    return run();
  } finally {
    depth--;
  }
}

/**
 * An inline construct (emphasis, strikethrough, link, code span, tag, URL) must end within this
 * many characters of where it starts; a longer one shows its delimiters as text. marked scans
 * from each possible start to the end of the paragraph (for a closing delimiter, a `]`, a `>`, the
 * end of a URL); on a window each scan costs O(window), so a paragraph costs O(length × window)
 * at worst, however its delimiters are arranged.
 */
export const INLINE_WINDOW = 256;
/** Links and URLs may be longer (a URL with its query string). */
export const LINK_WINDOW = 1024;

/** Characters before a delimiter that marked's flanking rules look at. */
const LOOK_BACK = 16;

/** `src` and the masked copy marked keeps of the whole paragraph, cut to `width` from here on. */
function window2(src: string, maskedSrc: string, width: number): [string, string] {
  const at = maskedSrc.length - src.length;
  return [src.slice(0, width), maskedSrc.slice(Math.max(0, at - LOOK_BACK), at + width)];
}

const boundedTokenizer: MarkedExtension['tokenizer'] = {
  blockquote(src) {
    return nested(() => Tokenizer.prototype.blockquote.call(this, src));
  },
  list(src) {
    return nested(() => Tokenizer.prototype.list.call(this, src));
  },
  emStrong(src, maskedSrc, prevChar) {
    const [s, m] = window2(src, maskedSrc, INLINE_WINDOW);
    return nested(() => Tokenizer.prototype.emStrong.call(this, s, m, prevChar));
  },
  del(src, maskedSrc, prevChar) {
    const [s, m] = window2(src, maskedSrc, INLINE_WINDOW);
    return nested(() => Tokenizer.prototype.del.call(this, s, m, prevChar));
  },
  link(src) {
    return nested(() => Tokenizer.prototype.link.call(this, src.slice(0, LINK_WINDOW)));
  },
  reflink(src, links) {
    return nested(() => Tokenizer.prototype.reflink.call(this, src.slice(0, LINK_WINDOW), links));
  },
  codespan(src) {
    return Tokenizer.prototype.codespan.call(this, src.slice(0, LINK_WINDOW));
  },
  tag(src) {
    return Tokenizer.prototype.tag.call(this, src.slice(0, INLINE_WINDOW));
  },
  url(src) {
    return withBoundedRules(this, () => Tokenizer.prototype.url.call(this, src.slice(0, LINK_WINDOW)));
  },
  autolink(src) {
    return withBoundedRules(this, () => Tokenizer.prototype.autolink.call(this, src.slice(0, LINK_WINDOW)));
  },
  inlineText(src) {
    return withBoundedRules(this, () => Tokenizer.prototype.inlineText.call(this, src.slice(0, LINK_WINDOW)));
  },
};

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Raw HTML in the text is shown as text: the sanitiser below never has to parse a hostile tag
 * (its parser alone would report inline handlers, styles and <base> as policy violations), and
 * an answer that talks about HTML (`use <br> here`) keeps its words. Markdown is the only markup.
 */
const safeRenderer: MarkedExtension['renderer'] = {
  html(token) {
    const text = escapeHtml(token.text);
    return token.block ? `<p>${text.trim().replace(/\n/g, '<br>')}</p>\n` : text;
  },
  /** Text marked leaves unescaped (inside a raw <pre>/<script>/<style> block) is escaped too. */
  text(token) {
    return 'escaped' in token && token.escaped && !('tokens' in token && token.tokens) ? escapeHtml(token.text) : false;
  },
  /** An image would be fetched from wherever it points: show its markdown source instead. */
  image(token) {
    return escapeHtml(token.raw);
  },
  /** A task-list checkbox as a character (a form control is not allowed in rendered text). */
  checkbox({ checked }) {
    return checked ? '☑ ' : '☐ ';
  },
};

const marked = new Marked({ async: false, gfm: true, breaks: true, tokenizer: boundedTokenizer, renderer: safeRenderer });

/**
 * marked's stage alone, for measurement: its HTML is NOT sanitised and must never reach the DOM
 * (createMarkdownRenderer is the only way text becomes markup).
 */
export function markdownToUnsanitizedHtml(text: string): string {
  return marked.parse(text, { async: false });
}

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
