/**
 * The app's message dictionary, every ./messages/<feature>.ts module by its feature name, and the
 * type of its keys. Pure data: the reactive language choice lives in src/state/i18n.svelte.ts.
 *
 * The shell's messages (the header, the footer, "Loading…") are here and travel in the entry
 * chunk; every other feature's are in ./page-messages.ts, which the app loads beside the first
 * page. `MessageKey` covers both.
 *
 * The modules are imported by name (not globbed) so that `MessageKey` is the exact union of
 * `<feature>.<key>` strings: a typo, a removed key or a template literal such as
 * `run.state.${state}` whose union reaches a missing key fails to compile.
 * test/unit/i18n/keys.test.ts checks that every file in ./messages/ is listed in one of the two.
 */
import type { Dictionary } from './translate.ts';
import common from './messages/common.ts';
import type { PAGE_FEATURES } from './page-messages.ts';

/** What the shell paints with, before the page messages have loaded. */
export const SHELL_FEATURES = { common };
type Features = typeof SHELL_FEATURES & typeof PAGE_FEATURES;

/** Every message key of the app, e.g. 'common.nav.explore'. */
export type MessageKey = {
  [F in keyof Features & string]: `${F}.${keyof Features[F]['en'] & string}`;
}[keyof Features & string];

/** The whole dictionary once the page messages are in. */
export function withPageMessages(page: typeof PAGE_FEATURES): Dictionary {
  return { ...SHELL_FEATURES, ...page };
}
