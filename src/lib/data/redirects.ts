/**
 * Where a `resolve/` link led last time. The Hub answers every `…/resolve/<rev>/<path>` request
 * with a 302 to a signed CDN URL on another origin; following it costs a second round trip per
 * range. The signed URL stays valid for a while, so reads go straight to it until it fails
 * (typically 403 once the signature expires), and then the link is resolved again.
 */
export class ResolvedUrls {
  #targets = new Map<string, string>();

  /** The URL to request for `url`: its last redirect target, else itself. */
  target(url: string): string {
    return this.#targets.get(url) ?? url;
  }

  /** Remembers that `url` redirected to `finalUrl` (ignored when it did not move). */
  learn(url: string, finalUrl: string): void {
    if (finalUrl && finalUrl !== url) this.#targets.set(url, finalUrl);
  }

  /** Forgets the target (it failed): the next read resolves `url` again. */
  forget(url: string): void {
    this.#targets.delete(url);
  }

  get size(): number {
    return this.#targets.size;
  }
}
