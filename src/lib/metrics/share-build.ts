/**
 * Between a run and a SharePayload: packs a run's scores compactly (criteria and rubrics
 * deduplicated into tables; unparsed kept as null so coverage survives) and unpacks a payload
 * back into the judgments the metrics read.
 */
import type { Rubrics } from '../pollux/types.ts';
import { SHARE_VERSION, scoresHash, type SharedScore, type SharePayload } from './share.ts';
import type { CategoryEntry } from './report.ts';
import { rubricText } from './table.ts';
import type { InstructionFacets, MetricsSettings, RunJudgment, SystemMetrics } from './types.ts';

export interface ShareSource {
  name: string;
  info: Record<string, string>;
  settings: MetricsSettings;
  instructions: readonly InstructionFacets[];
  judgments: readonly RunJudgment[];
  categories: readonly CategoryEntry[];
  references: readonly SystemMetrics[];
  /** Only when the user asked to include answer texts. */
  answers?: Record<string, string>;
}

export function buildSharePayload(src: ShareSource): SharePayload {
  const criteria: string[] = [];
  const ci = new Map<string, number>();
  const rubrics: Rubrics[] = [];
  const ri = new Map<string, number>();
  const scores: SharedScore[] = [];
  const used = new Set<number>();
  for (const j of src.judgments) {
    const o = j.outcome;
    // Pending and failed judgments carry no information a reader of the link can use.
    if (o === null || o.kind === 'error') continue;
    let c = ci.get(j.criteria_name);
    if (c === undefined) {
      ci.set(j.criteria_name, (c = criteria.length));
      criteria.push(j.criteria_name);
    }
    const rt = rubricText(j.rubrics ?? null);
    let r = ri.get(rt);
    if (r === undefined) {
      ri.set(rt, (r = rubrics.length));
      rubrics.push(j.rubrics ?? '');
    }
    scores.push([j.prompt_id, c, r, o.kind === 'score' ? o.score : null]);
    used.add(j.prompt_id);
  }
  const instructions = src.instructions
    .filter((i) => used.has(i.prompt_id))
    .map((i): [number, string, string, string, string] => [i.prompt_id, i.meta ?? '', i.difficulty ?? '', i.task_type ?? '', i.domain ?? '']);
  const names = new Set(criteria);
  return {
    v: SHARE_VERSION,
    name: src.name,
    info: src.info,
    settings: { gate: src.settings.gate, resamples: src.settings.resamples, seed: src.settings.seed },
    criteria,
    rubrics,
    instructions,
    scores,
    categories: src.categories.filter(([n]) => names.has(n)),
    references: [...src.references],
    ...(src.answers ? { answers: src.answers } : {}),
    hash: scoresHash(scores),
  };
}

export function sharedJudgments(p: SharePayload): RunJudgment[] {
  return p.scores.map(([prompt_id, c, r, score]) => ({
    prompt_id,
    criteria_name: p.criteria[c],
    rubrics: p.rubrics[r],
    status: score === null ? 'unparsed' : 'done',
    outcome: score === null ? { kind: 'unparsed', reason: 'shared' } : { kind: 'score', score, feedback: '' },
  }));
}
