/**
 * Turns a DataSource into concrete files: the expert shards and the POLLUX-instructions file(s).
 * Network access (the sample manifest, datasets-server) comes in through `fetchJson`; local files
 * are told apart by their parquet schema, not their names.
 */
import {
  HF_BASE,
  INSTRUCTIONS_REPO,
  datasetKeyOf,
  datasetsServerParquetUrl,
  describeSource,
  instructionsFallbackFile,
  parseDatasetsServerParquet,
  polluxFiles,
  type DataSource,
  type FileSpec,
} from './config.ts';
import type { DataReader } from './reader.ts';
import { DataLoadError } from './errors.ts';

export interface ResolvedSource {
  key: string;
  label: string;
  kind: DataSource['kind'];
  experts: FileSpec[];
  /**
   * The POLLUX-instructions file(s); null: this source has none (ids will be synthetic). A promise,
   * so a lookup (datasets-server) runs while the expert files are being opened.
   */
  instructions: Promise<FileSpec[] | null>;
  /** The sample's manifest marks made-up rows; shown as a notice. */
  synthetic?: boolean;
}

export interface ResolveDeps {
  reader: DataReader;
  fetchJson: (url: string) => Promise<unknown>;
  /** URL of the bundled sample folder, ending in '/'. */
  sampleBase: string;
}

interface SampleManifestFile {
  path: string;
  size: number;
}

function parseManifestFiles(x: unknown, field: string): SampleManifestFile[] {
  if (!Array.isArray(x)) throw new DataLoadError('corrupt', `sample/manifest.json: "${field}" is not a list`);
  return x.map((f, i) => {
    const r = f as { path?: unknown; size?: unknown };
    if (typeof r?.path !== 'string' || typeof r.size !== 'number') throw new DataLoadError('corrupt', `sample/manifest.json: ${field}[${i}] needs path and size`);
    return { path: r.path, size: r.size };
  });
}

export async function resolveSource(src: DataSource, deps: ResolveDeps): Promise<ResolvedSource> {
  const base = { key: datasetKeyOf(src), label: describeSource(src), kind: src.kind };
  switch (src.kind) {
    case 'sample': {
      const m = await deps.fetchJson(`${deps.sampleBase}manifest.json`);
      if (typeof m !== 'object' || m === null) throw new DataLoadError('corrupt', 'sample/manifest.json is not an object');
      const r = m as { experts?: unknown; instructions?: unknown; synthetic?: unknown };
      const toSpec = (f: SampleManifestFile): FileSpec => ({ kind: 'url', name: f.path, url: `${deps.sampleBase}${f.path}`, size: f.size });
      return {
        ...base,
        experts: parseManifestFiles(r.experts, 'experts').map(toSpec),
        instructions: Promise.resolve(parseManifestFiles(r.instructions, 'instructions').map(toSpec)),
        synthetic: r.synthetic === true,
      };
    }
    case 'huggingface': {
      const instructions = deps
        .fetchJson(datasetsServerParquetUrl(INSTRUCTIONS_REPO))
        .then(parseDatasetsServerParquet)
        // datasets-server down or rate-limited: the conventional converted path usually exists.
        .catch(() => null)
        .then((files) => files ?? [instructionsFallbackFile(HF_BASE)]);
      return { ...base, experts: polluxFiles(src), instructions };
    }
    case 'mirror':
      return { ...base, experts: polluxFiles(src), instructions: Promise.resolve([instructionsFallbackFile(src.baseUrl)]) };
    case 'local': {
      const experts: FileSpec[] = [];
      const instructions: FileSpec[] = [];
      for (const f of src.files) {
        const spec: FileSpec = { kind: 'blob', name: f.name, blob: f, size: f.size };
        const { layout } = await deps.reader.open(spec);
        if (layout.kind === 'experts') experts.push(spec);
        else if (layout.kind === 'instructions') instructions.push(spec);
        else throw new DataLoadError('corrupt', `${f.name}: neither ai-forever/POLLUX nor POLLUX-instructions columns (found ${layout.columns.join(', ')})`);
      }
      if (experts.length === 0) throw new DataLoadError('not-found', 'None of the chosen files has the ai-forever/POLLUX (test) columns');
      return { ...base, experts, instructions: Promise.resolve(instructions.length > 0 ? instructions : null) };
    }
  }
}
