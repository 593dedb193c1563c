/**
 * marked, configured so that no input makes it slow, crash or emit markup of its own choosing:
 * the tokenizer's scans and nesting are bounded (each below says what it fixes), raw HTML and
 * images become text. Its output is NOT sanitised: only markdown.ts's renderer turns text into
 * markup for the page.
 */
import { Marked, Tokenizer, type MarkedExtension } from 'marked';

/** Block quotes, lists, emphasis and links nested deeper than this show their delimiters as text. */
export const MAX_NESTING = 8;

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
 * marked's stage: its HTML is NOT sanitised and must never reach the DOM. markdown.ts's
 * createMarkdownRenderer sanitises it; the bench also measures this stage alone.
 */
export function markdownToUnsanitizedHtml(text: string): string {
  return marked.parse(text, { async: false });
}
