/**
 * The functional style ("domain") is spelled three ways across POLLUX: the dataset column
 * (`Художественный`), tasks.json (`Художественный текст`) and criteria.json (`Написать
 * художественный текст`, en `Literary text`). This table maps them explicitly to criteria.json's
 * English name, the one key all three can agree on. Unknown spellings map to null, never guessed.
 */
export interface DomainSpellings {
  en: string;
  dataset: string[];
  tasks: string[];
  criteria: string[];
}

export const DOMAINS: readonly DomainSpellings[] = [
  { en: 'Literary text', dataset: ['Художественный'], tasks: ['Художественный текст'], criteria: ['Написать художественный текст'] },
  { en: 'Scientific text', dataset: ['Научный'], tasks: ['Научный текст'], criteria: ['Написать научный текст'] },
  { en: 'Journalistic text', dataset: ['Публицистический'], tasks: ['Публицистический текст'], criteria: ['Написать публицистический текст'] },
  { en: 'Official text', dataset: ['Официально-деловой'], tasks: ['Официально-деловой текст'], criteria: ['Написать официально-деловой текст'] },
  { en: 'Conversational', dataset: ['Разговорный'], tasks: ['Разговорный текст', 'Разговорный'], criteria: ['Разговорный текст', 'Разговорный'] },
  { en: 'General-purpose', dataset: ['Общее'], tasks: ['Общее'], criteria: ['Общее'] },
];

/** Any of the three spellings (or the English name) → criteria.json's domain.en, or null. */
export function domainKey(spelling: string | undefined | null): string | null {
  if (!spelling) return null;
  const s = spelling.trim();
  for (const d of DOMAINS) if (d.en === s || d.dataset.includes(s) || d.tasks.includes(s) || d.criteria.includes(s)) return d.en;
  return null;
}
