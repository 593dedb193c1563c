/**
 * Where POLLUX data comes from, in one place: the Hugging Face repos, the pinned revision and
 * shard manifest of `ai-forever/POLLUX` (names and sizes from Git LFS metadata, so the app never
 * lists files), how POLLUX-instructions' unknown file list is resolved, the pinned taxonomy
 * URLs, and the `DataSource` a user can choose. Pure: URLs are built here, fetched elsewhere.
 */

export const HF_BASE = 'https://huggingface.co';
export const DATASETS_SERVER = 'https://datasets-server.huggingface.co';

export const POLLUX_REPO = 'ai-forever/POLLUX';
export const POLLUX_SPLIT = 'test';
export const POLLUX_REVISION = '461c80411f8dac5ff82f4f363ee7db967305f7eb';

export interface ManifestFile {
  /** Path inside the repo at the revision. */
  path: string;
  /** Byte size when known: used as hyparquet's byteLength (no HEAD) and checked against Content-Range. */
  size?: number;
}

/** The three test shards at POLLUX_REVISION (docs/POLLUX.md, "Datasets"). */
export const POLLUX_SHARDS: readonly ManifestFile[] = [
  { path: 'data/test-00000-of-00003.parquet', size: 132_570_000 },
  { path: 'data/test-00001-of-00003.parquet', size: 132_105_524 },
  { path: 'data/test-00002-of-00003.parquet', size: 133_777_815 },
];

export const INSTRUCTIONS_REPO = 'ai-forever/POLLUX-instructions';
export const INSTRUCTIONS_SPLIT = 'train';
/**
 * Its native file names are unknown here, so we read the auto-converted copy: datasets-server's
 * `/parquet?dataset=` (answers cross-origin, sizes included) once, else this conventional path.
 */
export const INSTRUCTIONS_REVISION = 'refs%2Fconvert%2Fparquet';
export const INSTRUCTIONS_FALLBACK: ManifestFile = { path: 'default/train/0000.parquet' };

export const TAXONOMY_COMMITS = {
  criteria: '2d2a18c507c14a26834c72f0983769f9fcb31844',
  tasks: '0183301cca1649aa1820936960697052d014d228',
} as const;
export type TaxonomyName = keyof typeof TAXONOMY_COMMITS;

/** Pinned raw.githubusercontent.com URL of a taxonomy file (fallback after the site's own copy). */
export function taxonomyRawUrl(name: TaxonomyName): string {
  return `https://raw.githubusercontent.com/ai-forever/POLLUX/${TAXONOMY_COMMITS[name]}/metainfo/${name}.json`;
}

/** Bumped whenever public/sample/ is regenerated, so cached sample data is not reused. */
export const SAMPLE_VERSION = '2';

export type DataSource =
  | { kind: 'huggingface'; revision?: string }
  | { kind: 'mirror'; baseUrl: string }
  | { kind: 'local'; files: File[] }
  | { kind: 'sample' };

/** A file the loaders can open: by URL (range reads) or a local Blob. */
export type FileSpec =
  | { kind: 'url'; name: string; url: string; size?: number }
  | { kind: 'blob'; name: string; blob: Blob; size: number };

/** `${base}/datasets/${repo}/resolve/${rev}/${path}`, the Hub's resolve layout (mirrors copy it). */
export function resolveUrl(base: string, repo: string, revision: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/datasets/${repo}/resolve/${revision}/${path}`;
}

export function datasetsServerParquetUrl(repo: string): string {
  return `${DATASETS_SERVER}/parquet?dataset=${encodeURIComponent(repo)}`;
}

/** A stable cache key per source and revision: cached chunks never mix between them. */
export function datasetKeyOf(src: DataSource): string {
  switch (src.kind) {
    case 'huggingface':
      return `${POLLUX_REPO}@${src.revision ?? POLLUX_REVISION}`;
    case 'mirror':
      return `mirror:${src.baseUrl.replace(/\/+$/, '')}@${POLLUX_REVISION}`;
    case 'sample':
      return `sample@${SAMPLE_VERSION}`;
    case 'local':
      return `local:${src.files.map((f) => `${f.name}:${f.size}:${f.lastModified}`).join('|')}`;
  }
}

export function describeSource(src: DataSource): string {
  switch (src.kind) {
    case 'huggingface':
      return `${POLLUX_REPO}@${(src.revision ?? POLLUX_REVISION).slice(0, 7)}`;
    case 'mirror':
      return src.baseUrl;
    case 'sample':
      return 'sample';
    case 'local':
      return src.files.map((f) => f.name).join(', ');
  }
}

/** The expert shards of a remote source. Sizes are only trusted for the pinned revision. */
export function polluxFiles(src: { kind: 'huggingface'; revision?: string } | { kind: 'mirror'; baseUrl: string }): FileSpec[] {
  const pinned = src.kind === 'mirror' || (src.revision ?? POLLUX_REVISION) === POLLUX_REVISION;
  const base = src.kind === 'mirror' ? src.baseUrl : HF_BASE;
  const rev = src.kind === 'mirror' ? POLLUX_REVISION : (src.revision ?? POLLUX_REVISION);
  return POLLUX_SHARDS.map((f) => ({
    kind: 'url',
    name: f.path,
    url: resolveUrl(base, POLLUX_REPO, rev, f.path),
    // A mirror serves copies (tests: small fixtures), so its sizes are probed, not assumed.
    size: pinned && src.kind === 'huggingface' ? f.size : undefined,
  }));
}

export function instructionsFallbackFile(base: string): FileSpec {
  return {
    kind: 'url',
    name: INSTRUCTIONS_FALLBACK.path,
    url: resolveUrl(base, INSTRUCTIONS_REPO, INSTRUCTIONS_REVISION, INSTRUCTIONS_FALLBACK.path),
  };
}

/**
 * Parses datasets-server's `/parquet?dataset=` answer into the train split's files (with sizes).
 * Returns null when the shape is not what we expect, so the caller uses the fallback path.
 */
export function parseDatasetsServerParquet(json: unknown): FileSpec[] | null {
  if (typeof json !== 'object' || json === null) return null;
  const files = (json as { parquet_files?: unknown }).parquet_files;
  if (!Array.isArray(files)) return null;
  const out: FileSpec[] = [];
  for (const f of files) {
    if (typeof f !== 'object' || f === null) continue;
    const r = f as Record<string, unknown>;
    if (r.config !== 'default' || r.split !== INSTRUCTIONS_SPLIT) continue;
    if (typeof r.url !== 'string' || typeof r.filename !== 'string') continue;
    out.push({ kind: 'url', name: `default/train/${r.filename}`, url: r.url, size: typeof r.size === 'number' ? r.size : undefined });
  }
  return out.length > 0 ? out : null;
}

/** `?source=sample|hf|hf@<rev>|mirror:<url>`; null when absent or unreadable. */
export function parseSourceQuery(value: string | undefined): DataSource | null {
  if (!value) return null;
  if (value === 'sample') return { kind: 'sample' };
  if (value === 'hf') return { kind: 'huggingface' };
  const rev = /^hf@([0-9a-zA-Z._%-]+)$/.exec(value);
  if (rev) return { kind: 'huggingface', revision: rev[1] };
  if (value.startsWith('mirror:')) {
    const url = value.slice('mirror:'.length);
    if (/^https?:\/\//.test(url)) return { kind: 'mirror', baseUrl: url };
  }
  return null;
}

export function formatSourceQuery(src: DataSource): string | null {
  switch (src.kind) {
    case 'sample':
      return 'sample';
    case 'huggingface':
      return src.revision && src.revision !== POLLUX_REVISION ? `hf@${src.revision}` : 'hf';
    case 'mirror':
      return `mirror:${src.baseUrl}`;
    case 'local':
      return null;
  }
}

/**
 * The source used when the user chose none: Hugging Face, in `npm start` as in the production
 * build (falling back to the bundled sample, with a notice, when the Hub is unreachable). Tests
 * build with VITE_DEFAULT_SOURCE=sample, so they never try the real Hub.
 */
export function defaultSource(env: { defaultSource?: string }): DataSource {
  if (env.defaultSource === 'sample') return { kind: 'sample' };
  return { kind: 'huggingface' };
}
