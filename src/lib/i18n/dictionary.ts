/**
 * The app's message dictionary, every ./messages/<feature>.ts module by its feature name, and the
 * type of its keys. Pure data: the reactive language choice lives in src/state/i18n.svelte.ts.
 *
 * The modules are imported by name (not globbed) so that `MessageKey` is the exact union of
 * `<feature>.<key>` strings: a typo, a removed key or a template literal such as
 * `run.state.${state}` whose union reaches a missing key fails to compile.
 * test/unit/i18n/keys.test.ts checks that every file in ./messages/ is listed here.
 */
import type { Dictionary } from './translate.ts';
import common from './messages/common.ts';
import data from './messages/data.ts';
import evaluate from './messages/evaluate.ts';
import explore from './messages/explore.ts';
import judge from './messages/judge.ts';
import metrics from './messages/metrics.ts';
import models from './messages/models.ts';
import results from './messages/results.ts';
import run from './messages/run.ts';
import share from './messages/share.ts';
import text from './messages/text.ts';
import bundle from './messages/bundle.ts';

export const FEATURES = { bundle, common, data, evaluate, explore, judge, metrics, models, results, run, share, text };
type Features = typeof FEATURES;

/** Every message key of the app, e.g. 'common.nav.explore'. */
export type MessageKey = {
  [F in keyof Features & string]: `${F}.${keyof Features[F]['en'] & string}`;
}[keyof Features & string];

export const dictionary: Dictionary = FEATURES;
