/**
 * The header's status area as state: each feature publishes one short line about itself (the
 * data source, the judge, the run, the metrics) without the header importing the features. Keys
 * are stable ids; the header renders them in insertion order.
 *
 * Two audiences, two rates. The visible line may change many times a second (a percentage, a
 * judgment count); a screen reader must not hear every tick. So a line also names its coarse
 * `state` (loading, ready, error, running, done…), and only a change of that state becomes the
 * `announcement` the live region speaks.
 */
import type { MessageKey } from '../lib/i18n/dictionary.ts';

export type Tone = 'idle' | 'busy' | 'ok' | 'warn' | 'error';
export interface StatusLine {
  /** Message key of the label, e.g. 'common.status.data'. */
  labelKey: MessageKey;
  tone: Tone;
  /**
   * The text, as a function so it is translated when rendered: a language switch then updates
   * every line at once without the features re-publishing (features know their own messages).
   */
  text: () => string;
  /**
   * The coarse state this line reports. A change of it (or of the tone, when absent) is
   * announced; a new text within the same state (progress ticks) is not.
   */
  state?: string;
}

/** What the live region says: one line, captured when its state changed. */
export interface Announcement {
  id: string;
  line: StatusLine;
  /** Increments on every announcement, so two equal texts in a row are still two changes. */
  seq: number;
}

const stateOf = (l: StatusLine): string => l.state ?? l.tone;

export class AppStatus {
  #lines = $state.raw<Record<string, StatusLine>>({});
  #announcement = $state.raw<Announcement | null>(null);
  #seq = 0;

  get lines(): [string, StatusLine][] {
    return Object.entries(this.#lines);
  }

  get announcement(): Announcement | null {
    return this.#announcement;
  }

  set(id: string, line: StatusLine): void {
    const before = this.#lines[id];
    this.#lines = { ...this.#lines, [id]: line };
    // The first line of a feature is announced only when it is news (not idle), so the page
    // start does not read out "not loaded" for everything.
    const changed = before ? stateOf(before) !== stateOf(line) : line.tone !== 'idle';
    if (changed) this.#announcement = { id, line, seq: ++this.#seq };
  }

  clear(id: string): void {
    const { [id]: _gone, ...rest } = this.#lines;
    this.#lines = rest;
    if (this.#announcement?.id === id) this.#announcement = null;
  }
}

export const appStatus = new AppStatus();
