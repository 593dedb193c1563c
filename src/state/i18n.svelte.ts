/**
 * The UI language as shared reactive state. Components call `i18n.t('feature.key')`; reading
 * `i18n.lang` inside it makes every label re-render on a switch. The choice is remembered in
 * localStorage; the default follows the browser's language. Lookup and formatting are pure
 * (src/lib/i18n/translate.ts); this class only holds the choice, the dictionary and touches the
 * document.
 *
 * The entry chunk holds the shell's messages only; the pages' (two thirds of what the entry chunk
 * was) are requested as this module is evaluated and are in before any page renders: App.svelte
 * waits for `ready` beside the page's chunk. The dictionary is reactive, so a label read before
 * they arrive (a status line of the start-up, translated when shown) follows when they do.
 */
import { SHELL_FEATURES, withPageMessages, type MessageKey } from '../lib/i18n/dictionary.ts';
import { detectLang, lookup, translate, type Dictionary, type Lang, type Params } from '../lib/i18n/translate.ts';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '../lib/format/format.ts';

const STORAGE_KEY = 'pollux-web:lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // storage disabled (private mode): fall through to the browser language
  }
  return typeof navigator === 'undefined' ? 'en' : detectLang(navigator.languages ?? [navigator.language]);
}

class I18n {
  #lang = $state<Lang>(initialLang());
  #dict = $state.raw<Dictionary>(SHELL_FEATURES);

  /** Settles when every page's messages are in; rejects when their chunk cannot be loaded. */
  readonly ready: Promise<void> = import('../lib/i18n/page-messages.ts').then((m) => {
    this.#dict = withPageMessages(m.PAGE_FEATURES);
  });

  get lang(): Lang {
    return this.#lang;
  }

  set lang(value: Lang) {
    this.#lang = value;
    document.documentElement.lang = value;
    try {
      localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // not remembered; the switch still applies to this page
    }
  }

  /** A message in the current language; the key is checked at compile time (MessageKey). */
  t = (key: MessageKey, params?: Params): string => translate(this.#dict, this.#lang, key, params);

  /**
   * Whether an optional message exists (e.g. a "what to do" line that only some findings
   * have); narrows a template-literal key to the keys that do.
   */
  has = (key: string): key is MessageKey => lookup(this.#dict, 'en', key) !== undefined;

  /** A number in the current language (src/lib/format/format.ts: the one formatter). */
  n = (value: number, digits = 0): string => formatNumber(this.#lang, value, digits);

  bytes = (value: number): string => formatBytes(this.#lang, value);

  /**
   * A dataset value shown in the UI language: the difficulty ('Easy', 'Medium', 'Hard' in the
   * data) and the criterion category ('Critical', …). Unknown values are shown as they are.
   */
  difficulty = (value: string | null | undefined): string => {
    const key = `explore.level.${(value ?? '').toLowerCase()}`;
    return this.has(key) ? this.t(key) : value || '—';
  };

  category = (value: string | null | undefined): string => {
    const key = `explore.category.${value ?? ''}`;
    return this.has(key) ? this.t(key) : value || '—';
  };

  /**
   * The translated headline of an engine error code ('network', 'cors', …), so no raw code is
   * shown; a code without a headline reads as the generic one.
   */
  engineError = (code: string): string => {
    const key = `judge.error.${code}`;
    return this.t(this.has(key) ? key : 'judge.error.unknown');
  };

  /** A filter facet's value (src/lib/data/filter.ts names): difficulty and yes/no translated. */
  facetValue = (facet: string, value: string): string => {
    if (facet === 'provocative') return this.t(value === 'yes' ? 'explore.filter.yes' : 'explore.filter.no');
    if (facet === 'difficulty') return this.difficulty(value);
    return value || '—';
  };

  duration = (seconds: number): string => formatDuration(this.#lang, seconds);

  dateTime = (ms: number): string => formatDateTime(this.#lang, ms);
}

export const i18n = new I18n();
export type { Lang, MessageKey };
