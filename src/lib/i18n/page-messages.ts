/**
 * Every feature's messages but the shell's (dictionary.ts): about two thirds of the entry chunk
 * when they were in it. The app loads this module with import() as the entry chunk runs, beside
 * the first page, so the header paints without them (src/state/i18n.svelte.ts).
 */
import bundle from './messages/bundle.ts';
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

export const PAGE_FEATURES = { bundle, data, evaluate, explore, judge, metrics, models, results, run, share, text };
