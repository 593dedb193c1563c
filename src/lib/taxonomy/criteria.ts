/**
 * metainfo/criteria.json (ai-forever/POLLUX), parsed without trusting it: an object keyed by
 * criterion id, each with bilingual name, description, scale and group. The JSON's group
 * "Fine-grained" is the paper's "General" category, renamed here once.
 */
export type Category = 'Critical' | 'General' | 'Subjective' | 'Domain-specific' | 'Task-specific';
export const CATEGORIES: readonly Category[] = ['Critical', 'General', 'Subjective', 'Domain-specific', 'Task-specific'];

export interface Bilingual {
  en: string;
  ru: string;
}

export interface CriterionEntry {
  id: string;
  name: Bilingual;
  desc: Bilingual;
  scale: { en: Record<string, string>; ru: Record<string, string> };
  category: Category;
  /** criteria.json's domain (en is the canonical key, see domains.ts). */
  domain: Bilingual;
  task: string | null;
  subtask1: string | null;
  subtask2: string | null;
}

const GROUPS: Record<string, Category> = {
  Critical: 'Critical',
  'Fine-grained': 'General',
  General: 'General',
  Subjective: 'Subjective',
  'Domain-specific': 'Domain-specific',
  'Task-specific': 'Task-specific',
};

export function bilingual(x: unknown): Bilingual | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as { en?: unknown; ru?: unknown };
  return typeof r.en === 'string' && typeof r.ru === 'string' ? { en: r.en, ru: r.ru } : null;
}

function stringMap(x: unknown): Record<string, string> | null {
  if (typeof x !== 'object' || x === null) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out[k] = v;
  return out;
}

const optStr = (x: unknown): string | null => (typeof x === 'string' ? x : null);

export interface ParsedCriteria {
  entries: CriterionEntry[];
  /** Entries skipped, with the reason (id: problem). */
  errors: string[];
}

export function parseCriteriaJson(json: unknown): ParsedCriteria {
  const entries: CriterionEntry[] = [];
  const errors: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { entries, errors: ['criteria.json: not an object keyed by criterion id'] };
  for (const [id, raw] of Object.entries(json)) {
    if (typeof raw !== 'object' || raw === null) {
      errors.push(`${id}: not an object`);
      continue;
    }
    const r = raw as Record<string, unknown>;
    const name = bilingual(r.name);
    const group = bilingual(r.crit_group);
    const scale = typeof r.scale === 'object' && r.scale !== null ? (r.scale as { en?: unknown; ru?: unknown }) : null;
    const ru = scale ? stringMap(scale.ru) : null;
    const category = group ? GROUPS[group.en] : undefined;
    if (!name || !ru || !category) {
      errors.push(`${id}: missing ${!name ? 'name' : !ru ? 'scale.ru' : `a known crit_group (${group?.en ?? 'none'})`}`);
      continue;
    }
    entries.push({
      id,
      name,
      desc: bilingual(r.desc) ?? { en: '', ru: '' },
      scale: { en: stringMap(scale?.en) ?? {}, ru },
      category,
      domain: bilingual(r.domain) ?? { en: 'General-purpose', ru: 'Общее' },
      task: optStr(r.task),
      subtask1: optStr(r.subtask1),
      subtask2: optStr(r.subtask2),
    });
  }
  return { entries, errors };
}

/** The dataset's `rubrics` text for a scale: "k: text" lines, levels ascending, blank line between. */
export function renderScale(scale: Record<string, string>): string {
  return Object.keys(scale)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `${k}: ${scale[k]}`)
    .join('\n\n');
}
