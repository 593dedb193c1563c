/** Run ids: random, URL-safe, sortable by creation time (the prefix), unique across machines so bundles merge. */
export function newRunId(now: number = Date.now()): string {
  const bytes = new Uint8Array(8);
  // getRandomValues works in insecure contexts too, unlike randomUUID.
  globalThis.crypto.getRandomValues(bytes);
  const rand = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `run-${now.toString(36)}-${rand}`;
}
