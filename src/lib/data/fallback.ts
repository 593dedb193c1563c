/**
 * When a failed load falls back to the bundled sample by itself: only the pinned Hugging Face
 * source that the user did not choose in Settings (the default, or a link to it). A first visit
 * when huggingface.co is unreachable then still shows a working app, with a notice and Retry. A
 * source chosen in Settings, another revision, a mirror or local files shows its error instead,
 * because silently swapping it would mislead. A cancelled load is never a reason to fall back.
 * The fallback happens once per attempt: nothing retries the Hub until the user asks.
 */
import type { DataLoadCode } from './errors.ts';
import type { DataSource } from './config.ts';

export function shouldFallBackToSample(src: DataSource, code: DataLoadCode, chosenInSettings: boolean): boolean {
  return src.kind === 'huggingface' && src.revision === undefined && code !== 'aborted' && !chosenInSettings;
}
