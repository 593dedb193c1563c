/**
 * Where an endpoint's API key lives: in memory by default; in localStorage only when the user
 * ticks "remember" (the UI warns that it is stored unencrypted). Keys are per base URL. The
 * Storage is a parameter so the rule is testable; it is never written into dexie or a run.
 */
const PREFIX = 'pollux-web:api-key:';

export class ApiKeyStore {
  readonly #memory = new Map<string, string>();
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null) {}

  get(baseUrl: string): string {
    return this.#memory.get(baseUrl) ?? this.#read(baseUrl) ?? '';
  }

  isRemembered(baseUrl: string): boolean {
    return this.#read(baseUrl) !== null;
  }

  set(baseUrl: string, key: string, remember: boolean): void {
    this.#memory.set(baseUrl, key);
    try {
      if (remember && key !== '') this.storage?.setItem(PREFIX + baseUrl, key);
      else this.storage?.removeItem(PREFIX + baseUrl);
    } catch {
      // storage disabled: the key stays in memory for this page only
    }
  }

  forget(baseUrl: string): void {
    this.#memory.delete(baseUrl);
    try {
      this.storage?.removeItem(PREFIX + baseUrl);
    } catch {
      // nothing stored
    }
  }

  #read(baseUrl: string): string | null {
    try {
      return this.storage?.getItem(PREFIX + baseUrl) ?? null;
    } catch {
      return null;
    }
  }
}
