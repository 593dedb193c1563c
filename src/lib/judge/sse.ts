/**
 * A minimal Server-Sent Events parser for OpenAI-style streams: feeds text chunks as they
 * arrive (split anywhere, even inside a line or a UTF-8 sequence already decoded by the
 * caller's TextDecoder) and emits each event's `data` once its blank line is seen. Pure.
 */
export interface SseParser {
  feed(chunk: string): void;
  /** Flushes a last event that was not followed by a blank line. */
  end(): void;
}

export function createSseParser(onData: (data: string) => void): SseParser {
  let buffer = '';
  let data: string[] = [];
  const dispatch = (): void => {
    if (data.length > 0) onData(data.join('\n'));
    data = [];
  };
  const line = (l: string): void => {
    if (l === '') return dispatch();
    if (l.startsWith(':')) return; // comment / keep-alive
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };
  return {
    feed(chunk) {
      buffer += chunk;
      let i: number;
      while ((i = buffer.search(/\r\n|\r|\n/)) !== -1) {
        const nl = buffer.startsWith('\r\n', i) ? 2 : 1;
        // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
        if (buffer[i] === '\r' && nl === 1 && i === buffer.length - 1) break;
        line(buffer.slice(0, i));
        buffer = buffer.slice(i + nl);
      }
    },
    end() {
      if (buffer !== '') line(buffer.replace(/\r$/, ''));
      buffer = '';
      dispatch();
    },
  };
}
