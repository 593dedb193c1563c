/**
 * When a failed load falls back to the bundled sample by itself. Only the default Hugging Face
 * source does (a first visit when huggingface.co is unreachable still shows a working app, with
 * a notice); a source the user chose or linked — another revision, a mirror, local files, a
 * remembered choice — shows its error instead, because silently swapping it would mislead.
 * A cancelled load is never a reason to fall back.
 */
import type { DataLoadCode } from './errors.ts';
import type { DataSource } from './config.ts';

export function shouldFallBackToSample(src: DataSource, code: DataLoadCode, chosenByUser: boolean): boolean {
  return src.kind === 'huggingface' && src.revision === undefined && code !== 'aborted' && !chosenByUser;
}
