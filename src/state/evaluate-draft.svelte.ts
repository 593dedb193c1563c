/**
 * What the user has put together on the Evaluate page but not yet turned into a run: custom
 * instructions, pasted answers and answers accepted from an import, a generation or the dataset.
 * Custom items and pasted text are drafts in dexie (`drafts` table) so a reload loses nothing
 * typed. Generated answers are saved there too, one by one as they arrive: generation costs GPU
 * time, so a reload or a cancel keeps what was written and the next generation skips it.
 * Accepted answers live in memory only, because nothing is stored before the user starts a run
 * (an import is all-or-nothing).
 *
 * Which answers a run would use does not depend on the tab that is open: the last answers the
 * user touched win — accepting an import, a generation or the dataset's answers selects those;
 * typing a pasted answer selects the pasted ones (`source`).
 */
import type { AnswerEntry } from '../lib/pollux/types.ts';
import type { CustomInstructionDraft } from '../lib/io/index.ts';
import { getDB } from './db.ts';

export type SelectMode = 'all' | 'filter' | 'one' | 'custom';
export const SELECT_MODES: readonly SelectMode[] = ['all', 'filter', 'one', 'custom'];

export type AnswerMode = 'paste' | 'import' | 'generate' | 'dataset';
export const ANSWER_MODES: readonly AnswerMode[] = ['paste', 'import', 'generate', 'dataset'];

export interface AcceptedAnswers {
  source: 'import' | 'generate' | 'dataset';
  model: string;
  answers: AnswerEntry[];
  /** For 'dataset': the reference model whose answers these are. */
  datasetModel?: string;
}

interface StoredDraft {
  custom: CustomInstructionDraft[];
  pasted: Record<string, string>;
  pasteModel: string;
  pasteIndex: number;
}

const DRAFT_KEY = 'evaluate';
const GENERATED_KEY = 'evaluate-generated';

/** Answers written by one answering model so far (kept until used in a run or discarded). */
export interface GeneratedDraft {
  model: string;
  answers: AnswerEntry[];
}

function isGeneratedDraft(v: unknown): v is GeneratedDraft {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.model === 'string' && Array.isArray(o.answers);
}
const SAVE_DELAY_MS = 150;

function isStoredDraft(v: unknown): v is StoredDraft {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.custom) && typeof o.pasted === 'object' && o.pasted !== null && typeof o.pasteModel === 'string';
}

class EvaluateDraft {
  #custom = $state<CustomInstructionDraft[]>([]);
  #pasted = $state.raw<Record<string, string>>({});
  #pasteModel = $state('');
  #pasteIndex = $state(0);
  #accepted = $state.raw<AcceptedAnswers | null>(null);
  /** True when the pasted answers are the ones in use (the default, and after any typing). */
  #usePasted = $state(true);
  #generated = $state.raw<GeneratedDraft | null>(null);
  #loaded = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;

  get loaded(): boolean {
    return this.#loaded;
  }
  get custom(): CustomInstructionDraft[] {
    return this.#custom;
  }
  get pasted(): Record<string, string> {
    return this.#pasted;
  }
  get pasteModel(): string {
    return this.#pasteModel;
  }
  set pasteModel(v: string) {
    this.#pasteModel = v;
    this.#usePasted = true;
    this.save();
  }
  get pasteIndex(): number {
    return this.#pasteIndex;
  }
  set pasteIndex(v: number) {
    this.#pasteIndex = v;
    this.save();
  }
  get accepted(): AcceptedAnswers | null {
    return this.#accepted;
  }
  set accepted(v: AcceptedAnswers | null) {
    this.#accepted = v;
    this.#usePasted = v === null;
  }

  /** Where the answers a run would use come from, whichever tab is open. */
  get source(): AnswerMode {
    return this.#usePasted || !this.#accepted ? 'paste' : this.#accepted.source;
  }

  get generated(): GeneratedDraft | null {
    return this.#generated;
  }

  /**
   * Keeps one generated answer (a new model starts a new set). Written at once, not debounced:
   * each answer may have cost seconds of GPU time.
   */
  async addGenerated(model: string, entry: AnswerEntry): Promise<void> {
    const prev = this.#generated?.model === model ? this.#generated.answers.filter((a) => a.prompt_id !== entry.prompt_id) : [];
    this.#generated = { model, answers: [...prev, entry] };
    await getDB().drafts.put({ key: GENERATED_KEY, data: this.#generated, updatedAt: Date.now() });
  }

  async discardGenerated(): Promise<void> {
    this.#generated = null;
    await getDB().drafts.delete(GENERATED_KEY);
  }

  async load(): Promise<void> {
    if (this.#loaded) return;
    try {
      const gen = await getDB().drafts.get(GENERATED_KEY);
      if (gen && isGeneratedDraft(gen.data)) this.#generated = gen.data;
      const rec = await getDB().drafts.get(DRAFT_KEY);
      if (rec && isStoredDraft(rec.data)) {
        this.#custom = rec.data.custom;
        this.#pasted = rec.data.pasted;
        this.#pasteModel = rec.data.pasteModel;
        this.#pasteIndex = typeof rec.data.pasteIndex === 'number' ? rec.data.pasteIndex : 0;
      }
    } finally {
      this.#loaded = true;
    }
  }

  setPasted(prompt_id: number, text: string): void {
    this.#pasted = { ...this.#pasted, [String(prompt_id)]: text };
    this.#usePasted = true;
    this.save();
  }

  pastedEntries(ids: readonly number[]): AnswerEntry[] {
    return ids.flatMap((id) => {
      const a = this.#pasted[String(id)];
      return a !== undefined && a.trim() !== '' ? [{ prompt_id: id, answer: a }] : [];
    });
  }

  addCustom(): void {
    this.#custom.push({ instruction: '', reference_answer: '', criteria: [{ name: '', rubrics: '0: \n\n1: \n\n2: ' }] });
    this.save();
  }
  removeCustom(i: number): void {
    this.#custom.splice(i, 1);
    this.save();
  }

  /** Debounced write; called after every edit (bound inputs call it from oninput). */
  save(): void {
    if (!this.#loaded) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const data: StoredDraft = {
      custom: $state.snapshot(this.#custom),
      pasted: this.#pasted,
      pasteModel: this.#pasteModel,
      pasteIndex: this.#pasteIndex,
    };
    await getDB().drafts.put({ key: DRAFT_KEY, data, updatedAt: Date.now() });
  }
}

export const evaluateDraft = new EvaluateDraft();
