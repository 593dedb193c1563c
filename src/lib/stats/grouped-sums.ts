/**
 * The columnar input of the cluster bootstrap: for each group (a table cell such as "task group
 * X" or "model Y, difficulty Hard"), the clusters (instructions) it has values in, with the sum
 * and count of those values per cluster. Precomputing these sums once makes every resample
 * O(entries) instead of O(rows): 161k expert rows collapse to one entry per (group, instruction).
 */
export interface GroupedSums {
  /** Number of clusters; cluster ids are 0..clusters-1. */
  clusters: number;
  /** Entries of group g are offsets[g] .. offsets[g+1]-1 (length = groups + 1). */
  offsets: Uint32Array;
  cluster: Uint32Array;
  sum: Float64Array;
  count: Float64Array;
}

/**
 * Builds GroupedSums from (group, cluster, value) triples given as parallel arrays. Values of
 * the same (group, cluster) are summed; entries come out grouped and in cluster order.
 * Accumulates into a dense groups × clusters grid when that is small (the usual case: ~100
 * groups × ~2,100 instructions), which is much faster than hashing 10⁶ triples.
 */
export function groupSums(
  groups: number,
  clusters: number,
  groupOf: ArrayLike<number>,
  clusterOf: ArrayLike<number>,
  values: ArrayLike<number>,
): GroupedSums {
  const n = values.length;
  const cells = groups * clusters;
  if (cells > 32_000_000) return sparseGroupSums(groups, clusters, groupOf, clusterOf, values);
  const s = new Float64Array(cells);
  const c = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i];
    const k = clusterOf[i];
    if (!(g >= 0 && g < groups && k >= 0 && k < clusters)) throw new RangeError(`groupSums: row ${i} out of range`);
    const at = g * clusters + k;
    s[at] += values[i];
    c[at] += 1;
  }
  const offsets = new Uint32Array(groups + 1);
  let entries = 0;
  for (let at = 0; at < cells; at++) if (c[at] > 0) entries++;
  const cluster = new Uint32Array(entries);
  const sum = new Float64Array(entries);
  const count = new Float64Array(entries);
  let e = 0;
  for (let g = 0; g < groups; g++) {
    const base = g * clusters;
    for (let k = 0; k < clusters; k++) {
      if (c[base + k] > 0) {
        cluster[e] = k;
        sum[e] = s[base + k];
        count[e] = c[base + k];
        e++;
      }
    }
    offsets[g + 1] = e;
  }
  return { clusters, offsets, cluster, sum, count };
}

function sparseGroupSums(
  groups: number,
  clusters: number,
  groupOf: ArrayLike<number>,
  clusterOf: ArrayLike<number>,
  values: ArrayLike<number>,
): GroupedSums {
  const index = new Map<number, number>();
  const keys: number[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const g = groupOf[i];
    const c = clusterOf[i];
    if (!(g >= 0 && g < groups && c >= 0 && c < clusters)) throw new RangeError(`groupSums: row ${i} out of range`);
    const key = g * clusters + c;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, keys.length);
      keys.push(key);
      sums.push(values[i]);
      counts.push(1);
    } else {
      sums[at] += values[i];
      counts[at] += 1;
    }
  }
  const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
  const offsets = new Uint32Array(groups + 1);
  const cluster = new Uint32Array(order.length);
  const sum = new Float64Array(order.length);
  const count = new Float64Array(order.length);
  order.forEach((src, dst) => {
    const key = keys[src];
    offsets[Math.floor(key / clusters) + 1]++;
    cluster[dst] = key % clusters;
    sum[dst] = sums[src];
    count[dst] = counts[src];
  });
  for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
  return { clusters, offsets, cluster, sum, count };
}

/** Point estimate of each group: total sum / total count; null for a group with no values. */
export function groupMeans(data: GroupedSums): (number | null)[] {
  const groups = data.offsets.length - 1;
  const out: (number | null)[] = [];
  for (let g = 0; g < groups; g++) {
    let s = 0;
    let c = 0;
    for (let e = data.offsets[g]; e < data.offsets[g + 1]; e++) {
      s += data.sum[e];
      c += data.count[e];
    }
    out.push(c > 0 ? s / c : null);
  }
  return out;
}
