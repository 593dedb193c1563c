/**
 * Where a `resolve/` link led last time. The Hub answers every `…/resolve/<rev>/<path>` request
 * with a 302 to a signed CDN URL on another origin; following it costs a second round trip per
 * range. The signed URL stays valid for a while, so reads go straight to it until it fails
 * (typically 403 once the signature expires), and then the link is resolved again.
 */
export class ResolvedUrls {
  /** url → where to send requests (itself once it answered without a redirect). */
  #targets = new Map<string, string>();
  #pending = new Map<string, Promise<void>>();

  /** The URL to request for `url`: its last redirect target, else itself. */
  target(url: string): string {
    return this.#targets.get(url) ?? url;
  }

  /** Whether it is known where `url` leads (to another URL or to itself). */
  known(url: string): boolean {
    return this.#targets.has(url);
  }

  /**
   * Lets one request find out where `url` leads while the others wait for it, so six parallel
   * first reads of a file cost one redirect, not six. Resolves with a release callback for the
   * caller that resolves it, or null when another request found out meanwhile.
   */
  async claim(url: string): Promise<(() => void) | null> {
    for (let p = this.#pending.get(url); p; p = this.#pending.get(url)) await p;
    if (this.#targets.has(url)) return null;
    let done!: () => void;
    this.#pending.set(url, new Promise<void>((r) => (done = r)));
    return () => {
      this.#pending.delete(url);
      done();
    };
  }

  /** Remembers where `url` led (`finalUrl` may be `url` itself: then it is requested directly). */
  learn(url: string, finalUrl: string): void {
    if (finalUrl) this.#targets.set(url, finalUrl);
  }

  /** Forgets the target (it failed): the next read resolves `url` again. */
  forget(url: string): void {
    this.#targets.delete(url);
  }

  get size(): number {
    return this.#targets.size;
  }
}
