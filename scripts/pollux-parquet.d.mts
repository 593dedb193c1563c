/** Types of pollux-parquet.mjs for the TypeScript tests. */
import type { parquetWriteBuffer } from 'hyparquet-writer';

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];
type Row = Record<string, unknown>;

export declare const POLLUX_SCHEMA: SchemaElement[];
export declare const POLLUX_COLUMNS: string[];
export declare const INSTRUCTIONS_SCHEMA: SchemaElement[];
export declare const INSTRUCTION_COLUMNS: string[];
/** ai-forever/POLLUX rows (16 columns, `annotations` list<struct>) as a parquet file. */
export declare function writePolluxParquet(rows: Row[], rowGroupSize?: number, opts?: { pageSize?: number; plain?: string[] }): ArrayBuffer;
/** POLLUX-instructions rows (`prompt_id` as INT64, `criteria` list<struct>) as a parquet file. */
export declare function writeInstructionsParquet(rows: Row[]): ArrayBuffer;
