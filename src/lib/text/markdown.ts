/**
 * Markdown → sanitised HTML for untrusted text. marked turns markdown into HTML; DOMPurify
 * (browser only) strips scripts, event handlers and dangerous URLs. Only the result of this
 * function may ever reach `{@html}`.
 */
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function renderMarkdownSanitized(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
