/**
 * What the metrics read before computing: a run's judgments and instructions (from the run's
 * own snapshots, so custom runs and runs whose dataset is gone still work), and the criterion
 * categories, resolved on the page because the criterion index cannot cross to the worker.
 */
import { rubricText, type CategoryEntry, type InstructionFacets, type RunJudgment } from '../lib/metrics/index.ts';
import { renderRubrics } from '../lib/pollux/index.ts';
import type { Rubrics } from '../lib/pollux/types.ts';
import { loadRunRows } from '../lib/run/read.ts';
import type { RunRecord } from '../lib/store/run-records.ts';
import { dataState } from './data.svelte.ts';
import { getDB } from './db.ts';

/** Everything the metrics need from one run, read once per run. */
export interface LoadedRun {
  record: RunRecord;
  judgments: RunJudgment[];
  instructions: InstructionFacets[];
  answers: Record<string, string>;
}

export async function loadRunForMetrics(runId: string): Promise<LoadedRun | null> {
  const db = getDB();
  const record = await db.runs.get(runId);
  if (!record) return null;
  const [rows, answers] = await Promise.all([loadRunRows(db, runId), db.answers.where('runId').equals(runId).toArray()]);
  const judgments: RunJudgment[] = rows.map((r) => ({
    prompt_id: r.prompt_id,
    criteria_name: r.criteria_name,
    rubrics: r.rubrics,
    status: r.status,
    outcome: r.outcome,
  }));
  const instructions: InstructionFacets[] = [];
  const texts: Record<string, string> = {};
  for (const a of answers) {
    texts[String(a.prompt_id)] = a.answer;
    const ins = a.instruction ?? dataState.byId(a.prompt_id);
    if (ins) instructions.push({ prompt_id: ins.prompt_id, meta: ins.meta ?? '', difficulty: ins.difficulty, task_type: ins.task_type, domain: ins.domain, criteria: ins.criteria });
  }
  return { record, judgments, instructions, answers: texts };
}

/** criterionIndex.categoryOf over the distinct (criterion, rubric) pairs. */
export function categoriesFor(pairs: Iterable<{ criteria_name: string; rubrics: Rubrics | null }>): CategoryEntry[] {
  const index = dataState.criterionIndex;
  const seen = new Set<string>();
  // Equal criteria of the dataset are one shared object (data/share-criteria.ts): ≈ 23,000
  // references to ≈ 200 objects. Skipping a seen object spares keying its long rubrics text again
  // (≈ 8 M characters in all: ~170 ms of a reload's way to the references' report).
  const seenObjects = new Set<object>();
  const out: CategoryEntry[] = [];
  for (const p of pairs) {
    if (seenObjects.has(p)) continue;
    seenObjects.add(p);
    const text = rubricText(p.rubrics);
    const key = `${p.criteria_name}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rendered = typeof p.rubrics === 'string' ? p.rubrics : p.rubrics === null ? '' : renderRubrics(p.rubrics);
    const cat = index?.categoryOf(p.criteria_name, rendered) ?? null;
    if (cat) out.push([p.criteria_name, text, cat]);
  }
  return out;
}
