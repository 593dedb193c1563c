/**
 * metainfo/tasks.json (ai-forever/POLLUX) as a tree: groups → tasks → subtasks, each leaf with
 * its criterion ids and the complexity definitions (easy/medium/hard, en+ru). Parsed without
 * trusting the file; malformed nodes are skipped and listed.
 */
import { bilingual, type Bilingual } from './criteria.ts';

export interface TaskNode {
  key: string;
  name: Bilingual;
  desc: Bilingual | null;
  criteria: string[];
  complexity: Partial<Record<'easy' | 'medium' | 'hard', Bilingual>>;
  domain: Bilingual | null;
  children: TaskNode[];
}

export interface TaskGroup {
  key: string;
  name: Bilingual;
  desc: Bilingual | null;
  tasks: TaskNode[];
}

function parseTask(key: string, raw: unknown, errors: string[], path: string): TaskNode | null {
  if (typeof raw !== 'object' || raw === null) {
    errors.push(`${path}: not an object`);
    return null;
  }
  const r = raw as Record<string, unknown>;
  const name = bilingual(r.name) ?? { en: key, ru: key };
  const complexity: TaskNode['complexity'] = {};
  if (typeof r.complexity === 'object' && r.complexity !== null) {
    for (const level of ['easy', 'medium', 'hard'] as const) {
      const b = bilingual((r.complexity as Record<string, unknown>)[level]);
      if (b) complexity[level] = b;
    }
  }
  const children: TaskNode[] = [];
  for (const subKey of ['subtasks_l1', 'subtasks_l2']) {
    const subs = r[subKey];
    if (typeof subs === 'object' && subs !== null) {
      for (const [k, v] of Object.entries(subs)) {
        const t = parseTask(k, v, errors, `${path} → ${k}`);
        if (t) children.push(t);
      }
    }
  }
  return {
    key,
    name,
    desc: bilingual(r.desc),
    criteria: Array.isArray(r.criteria) ? r.criteria.filter((c): c is string => typeof c === 'string') : [],
    complexity,
    domain: bilingual(r.domain),
    children,
  };
}

export function parseTasksJson(json: unknown): { groups: TaskGroup[]; errors: string[] } {
  const errors: string[] = [];
  const groups: TaskGroup[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { groups, errors: ['tasks.json: not an object keyed by group'] };
  for (const [key, raw] of Object.entries(json)) {
    if (typeof raw !== 'object' || raw === null) {
      errors.push(`${key}: not an object`);
      continue;
    }
    const r = raw as Record<string, unknown>;
    const tasks: TaskNode[] = [];
    if (typeof r.tasks === 'object' && r.tasks !== null) {
      for (const [k, v] of Object.entries(r.tasks)) {
        const t = parseTask(k, v, errors, `${key} → ${k}`);
        if (t) tasks.push(t);
      }
    }
    groups.push({ key, name: bilingual(r.name) ?? { en: key, ru: key }, desc: bilingual(r.desc), tasks });
  }
  return { groups, errors };
}
