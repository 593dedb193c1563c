/**
 * The judge's typical error per criterion, remembered locally so every new score the judge
 * gives can show it ("± 0.4 vs experts on this criterion"). Written whenever an agreement report
 * is computed; read by the Results page. Stored in the dexie `settings` table under
 * `judge-error:<judgeId>` (judgeId = the JudgeSpec's modelId / model). Storage failures
 * (private mode, quota) degrade to "unknown" (null), never to an exception in the UI.
 */
import type { PolluxDB } from './db.ts';

export type TypicalError = Record<string, { mae: number; n: number }>;

export const typicalErrorKey = (judgeId: string): string => `judge-error:${judgeId}`;

function isTypicalError(value: unknown): value is TypicalError {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v: unknown) =>
      typeof v === 'object' &&
      v !== null &&
      typeof (v as { mae?: unknown }).mae === 'number' &&
      typeof (v as { n?: unknown }).n === 'number',
  );
}

export async function getJudgeTypicalError(db: PolluxDB, judgeId: string): Promise<TypicalError | null> {
  try {
    const rec = await db.settings.get(typicalErrorKey(judgeId));
    return rec && isTypicalError(rec.value) ? rec.value : null;
  } catch {
    return null;
  }
}

/**
 * Stores a new per-criterion error: criteria in `update` replace the stored ones (recomputing
 * the same run must not count its pairs twice), other criteria learned earlier are kept.
 */
export async function saveJudgeTypicalError(db: PolluxDB, judgeId: string, update: TypicalError): Promise<TypicalError> {
  const merged: TypicalError = { ...((await getJudgeTypicalError(db, judgeId)) ?? {}) };
  for (const [criterion, { mae, n }] of Object.entries(update)) {
    if (n <= 0) continue;
    merged[criterion] = { mae, n };
  }
  try {
    await db.settings.put({ key: typicalErrorKey(judgeId), value: merged });
  } catch {
    // Not remembered; the agreement report itself is still shown.
  }
  return merged;
}
