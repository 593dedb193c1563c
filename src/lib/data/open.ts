/**
 * Opening a data source, whichever way is cheapest: a complete cached dataset opens warm (no
 * network at all, two IndexedDB records), anything else is resolved to files and loaded in two
 * phases (loader.ts). The list is reported through `onList` either way, with the dataset's key (a
 * cold load may list the instructions' heads through `onHeads` first).
 */
import { datasetKeyOf, type DataSource } from './config.ts';
import type { JoinedDataset } from './join.ts';
import { loadDataset, openFromCache, type LoaderDeps, type OpenedDataset } from './loader.ts';
import { resolveSource } from './source.ts';
import type { ListInstruction } from './types.ts';

export interface OpenDeps extends Omit<LoaderDeps, 'onList' | 'onHeads'> {
  fetchJson: (url: string) => Promise<unknown>;
  /** URL of the bundled sample folder, ending in '/'. */
  sampleBase: string;
  onList?: (joined: JoinedDataset, complete: boolean, dataset: { key: string; synthetic: boolean }) => void;
  onHeads?: (list: ListInstruction[], dataset: { key: string; synthetic: boolean }) => void;
}

export async function openSource(src: DataSource, deps: OpenDeps): Promise<OpenedDataset> {
  const mark = deps.mark ?? (() => {});
  // The warm path must not touch the network (offline reopen), so it runs before resolving.
  if (src.kind !== 'local') {
    mark('warm-start');
    const warm = await openFromCache(datasetKeyOf(src), deps.cache, undefined, mark);
    if (warm) {
      deps.onList?.(warm.joined, true, warm);
      return warm;
    }
  }
  const resolved = await resolveSource(src, { reader: deps.reader, fetchJson: deps.fetchJson, sampleBase: deps.sampleBase });
  mark('resolved');
  const dataset = { key: resolved.key, synthetic: resolved.synthetic === true };
  return loadDataset(resolved, { ...deps, onList: (joined, complete) => deps.onList?.(joined, complete, dataset), onHeads: (list) => deps.onHeads?.(list, dataset) });
}
