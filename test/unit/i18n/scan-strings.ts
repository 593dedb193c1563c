/**
 * A small scanner for the string literals of TypeScript and Svelte sources, for the message-key
 * test. It is not a parser: it skips comments, reads '…' and "…" (which never span lines, so an
 * apostrophe in markup text costs at most the rest of its line) and template literals, whose
 * literal parts it returns in order (`a.${x}.b` → ['a.', '.b']). Literals inside a template's
 * placeholders are returned too, as literals of their own.
 */
export interface ScannedString {
  /** The literal parts; length 1 for a plain string or a template without placeholders. */
  parts: string[];
}

export function scanStrings(src: string): ScannedString[] {
  const out: ScannedString[] = [];
  let i = 0;

  function quoted(q: string): void {
    let j = i + 1;
    let text = '';
    while (j < src.length && src[j] !== q) {
      if (src[j] === '\n') {
        // Not a string after all (an apostrophe in text): move on past the quote only.
        i += 1;
        return;
      }
      if (src[j] === '\\') {
        text += src[j + 1] ?? '';
        j += 2;
        continue;
      }
      text += src[j];
      j += 1;
    }
    out.push({ parts: [text] });
    i = j + 1;
  }

  /** Reads a template literal starting at `i` (the backtick); leaves `i` after its end. */
  function template(): void {
    const parts: string[] = [];
    let text = '';
    i += 1;
    while (i < src.length && src[i] !== '`') {
      if (src[i] === '\\') {
        text += src[i + 1] ?? '';
        i += 2;
      } else if (src[i] === '$' && src[i + 1] === '{') {
        parts.push(text);
        text = '';
        i += 2;
        code('}');
        i += 1;
      } else {
        text += src[i];
        i += 1;
      }
    }
    parts.push(text);
    i += 1;
    out.push({ parts });
  }

  /** Scans code up to an unmatched `close` (or the end), collecting the literals inside. */
  function code(close: string | null): void {
    let depth = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === '/' && src[i + 1] === '/') {
        while (i < src.length && src[i] !== '\n') i += 1;
      } else if (c === '/' && src[i + 1] === '*') {
        const end = src.indexOf('*/', i + 2);
        i = end === -1 ? src.length : end + 2;
      } else if (c === "'" || c === '"') {
        quoted(c);
      } else if (c === '`') {
        template();
      } else if (c === '{') {
        depth += 1;
        i += 1;
      } else if (c === '}') {
        if (depth === 0 && close === '}') return;
        depth = Math.max(0, depth - 1);
        i += 1;
      } else {
        i += 1;
      }
    }
  }

  code(null);
  return out;
}
