/**
 * The header's status area: each feature publishes one short line about itself (the data
 * source, the judge) without the header importing the features. Keys are stable ids; the
 * header renders them in insertion order.
 */
export type Tone = 'idle' | 'busy' | 'ok' | 'warn' | 'error';
export interface StatusLine {
  /** i18n key of the label, e.g. 'common.status.data'. */
  labelKey: string;
  tone: Tone;
  /**
   * The text, as a function so it is translated when rendered: a language switch then updates
   * every line at once without the features re-publishing (features know their own messages).
   */
  text: () => string;
}

class AppStatus {
  #lines = $state.raw<Record<string, StatusLine>>({});

  get lines(): [string, StatusLine][] {
    return Object.entries(this.#lines);
  }

  set(id: string, line: StatusLine): void {
    this.#lines = { ...this.#lines, [id]: line };
  }

  clear(id: string): void {
    const { [id]: _gone, ...rest } = this.#lines;
    this.#lines = rest;
  }
}

export const appStatus = new AppStatus();
