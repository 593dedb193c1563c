/**
 * Strict UTF-8 decoding. A file in cp1251 (common for Russian text) would otherwise turn into
 * replacement characters silently and be judged as garbage; here it is an error that names the
 * first bad byte. A UTF-8 BOM is dropped, as Python's utf-8-sig would.
 */
export type DecodeResult = { ok: true; text: string } | { ok: false; byteOffset: number };

/** Offset of the first byte that is not part of a valid UTF-8 sequence (the WHATWG decoder only says "invalid"). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
    return { ok: true, text };
  } catch {
    const at = firstInvalidUtf8(bytes.subarray(start));
    return { ok: false, byteOffset: (at === -1 ? 0 : at) + start };
  }
}
