/**
 * The data layer's one error type. Every way a load can fail (HTTP status, a server that ignores
 * Range, a file of the wrong size, a corrupt footer, a dropped connection, a cancel) is mapped to
 * one `DataLoadCode`, so the UI can say precisely what went wrong and offer Retry, and the worker
 * can send errors across postMessage as plain `{code, message, url}` objects.
 */
export type DataLoadCode =
  | 'not-found'
  | 'rate-limited'
  | 'cors-or-network'
  | 'range-ignored'
  | 'size-mismatch'
  | 'corrupt'
  | 'timeout'
  | 'storage'
  | 'aborted'
  | 'http';

export const DATA_LOAD_CODES: readonly DataLoadCode[] = [
  'not-found',
  'rate-limited',
  'cors-or-network',
  'range-ignored',
  'size-mismatch',
  'corrupt',
  'timeout',
  'storage',
  'aborted',
  'http',
];

/** The serialisable form (worker messages, dataset records). */
export interface DataLoadErrorInfo {
  code: DataLoadCode;
  message: string;
  url?: string;
  status?: number;
  /** Where a `corrupt` error was found: the file and (when known) its row group. */
  file?: string;
  rowGroup?: number;
}

export interface DataLoadErrorOptions {
  url?: string;
  status?: number;
  file?: string;
  rowGroup?: number;
}

export class DataLoadError extends Error {
  readonly code: DataLoadCode;
  readonly url?: string;
  readonly status?: number;
  readonly file?: string;
  readonly rowGroup?: number;

  constructor(code: DataLoadCode, message: string, opts: DataLoadErrorOptions = {}) {
    super(message);
    this.name = 'DataLoadError';
    this.code = code;
    this.url = opts.url;
    this.status = opts.status;
    this.file = opts.file;
    this.rowGroup = opts.rowGroup;
  }

  toInfo(): DataLoadErrorInfo {
    return { code: this.code, message: this.message, url: this.url, status: this.status, file: this.file, rowGroup: this.rowGroup };
  }

  static fromInfo(info: DataLoadErrorInfo): DataLoadError {
    return new DataLoadError(info.code, info.message, { url: info.url, status: info.status, file: info.file, rowGroup: info.rowGroup });
  }
}

function isCode(x: unknown): x is DataLoadCode {
  return typeof x === 'string' && (DATA_LOAD_CODES as readonly string[]).includes(x);
}

/** Narrows a serialised error coming back from the worker or from IndexedDB. */
export function isDataLoadErrorInfo(x: unknown): x is DataLoadErrorInfo {
  return typeof x === 'object' && x !== null && isCode((x as { code?: unknown }).code) && typeof (x as { message?: unknown }).message === 'string';
}

/**
 * Any thrown value → DataLoadError. hyparquet throws plain Errors for undecodable bytes (bad
 * magic, thrift or snappy failures), which is what a corrupt or truncated file looks like.
 */
export function toDataLoadError(err: unknown, url?: string): DataLoadError {
  if (err instanceof DataLoadError) return err;
  if (isDataLoadErrorInfo(err)) return DataLoadError.fromInfo(err);
  if (err instanceof DOMException && err.name === 'AbortError') return new DataLoadError('aborted', 'Loading was cancelled', { url });
  const message = err instanceof Error ? err.message : String(err);
  return new DataLoadError('corrupt', `The file could not be decoded: ${message}`, { url });
}

/**
 * A decoding failure located in a file and row group: hyparquet's own errors (bad thrift, a
 * snappy stream that does not inflate), invalid UTF-8, or a row count that disagrees with the
 * footer all mean the bytes are not what the writer wrote.
 */
export function corruptAt(err: unknown, file: string, rowGroup?: number): DataLoadError {
  if (err instanceof DataLoadError && err.code !== 'corrupt') return err;
  if (err instanceof DOMException && err.name === 'AbortError') return new DataLoadError('aborted', 'Loading was cancelled');
  const where = rowGroup === undefined ? file : `${file}, row group ${rowGroup}`;
  const detail = err instanceof Error ? err.message.replace(/^The file could not be decoded: /, '') : String(err);
  return new DataLoadError('corrupt', `${where} could not be decoded: ${detail}. The file is damaged or was changed in transit; retry, or clear the data cache in Settings if it keeps happening.`, {
    file,
    rowGroup,
  });
}

/** Across the worker boundary: a DataLoadError travels as its info and comes back as a DataLoadError. */
export function serializeDataError(err: unknown): DataLoadErrorInfo {
  return toDataLoadError(err).toInfo();
}

export function reviveDataError(x: unknown): DataLoadError {
  return isDataLoadErrorInfo(x) ? DataLoadError.fromInfo(x) : new DataLoadError('corrupt', `The data worker failed: ${String((x as { message?: unknown } | null)?.message ?? x)}`);
}

/** IndexedDB refused a write (disk full, storage denied): what to do about it, as a DataLoadError. */
export function storageError(err: unknown): DataLoadError {
  if (err instanceof DataLoadError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new DataLoadError('storage', `The browser could not store the downloaded data (${msg}). Free some disk space or allow more storage for this site, then retry.`);
}
