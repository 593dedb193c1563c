/** Reads the real-data fixtures (test/fixtures/pollux-sample; its README names each source) for the POLLUX unit tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SAMPLE_DIR = path.resolve(process.cwd(), 'test/fixtures/pollux-sample');

export interface SampleRow {
  instruction: string;
  reference_answer: string;
  answer: string;
  criteria_name: string;
  rubrics: string;
  criteria_description: string;
}

export interface CriteriaEntry {
  name: { en: string; ru: string };
  desc: { en: string; ru: string };
  scale: { en: Record<string, string>; ru: Record<string, string> };
  crit_group: { en: string; ru: string };
}

export function readSampleText(file: string): string {
  return readFileSync(path.join(SAMPLE_DIR, file), 'utf8');
}

export function readRows(): SampleRow[] {
  return JSON.parse(readSampleText('rows.json')) as SampleRow[];
}

export function readCriteria(): Record<string, CriteriaEntry> {
  return JSON.parse(readSampleText('criteria.excerpt.json')) as Record<string, CriteriaEntry>;
}
