/**
 * Evaluation runs as shared reactive state: the stored runs, and the one run this tab is judging
 * with its live progress. Pages call these methods; the queue, cache and runner logic is in
 * src/lib/run/ (pure, injected DB and engine). One run judges at a time per tab — the GPU is one
 * — so starting another pauses the active one. Progress also goes to the header status area.
 */
import { createEngine } from '../lib/judge/factory.ts';
import type { JudgeEngine } from '../lib/judge/engine.ts';
import type { JudgeSpec } from '../lib/judge/spec.ts';
import { i18n } from './i18n.svelte.ts';
import {
  createRun,
  deleteRun,
  exportRunBundle,
  importRunBundle,
  listRuns,
  loadRunRows,
  planRun,
  renameRun,
  retryFailed,
  RunRunner,
  runProgress,
  type BundleImportResult,
  type CreateRunInput,
  type JudgmentRow,
  type RunBundle,
  type PlanOptions,
  type RunLocks,
  type RunPlan,
  type RunProgress,
} from '../lib/run/index.ts';
import type { PolluxDB } from '../lib/store/db.ts';
import { getDB } from './db.ts';
import type { AnswerRecord, RunRecord } from '../lib/store/run-records.ts';
import { getJudgeTypicalError, type TypicalError } from '../lib/store/typical-error.ts';
import { judgeId } from '../lib/judge/spec.ts';
import { appStatus, type Tone } from './status.svelte.ts';

export interface ActiveRun {
  runId: string;
  progress: RunProgress;
}

/** One stored run as the Results page shows it: record, answers (with instruction snapshots), judgments, progress. */
export interface RunView {
  run: RunRecord | null;
  answers: AnswerRecord[];
  rows: JudgmentRow[];
  progress: RunProgress;
}

export interface RunsStateDeps {
  db?: () => PolluxDB;
  /** Builds the judge of a run; the app routes it through the shared judge state (setEngineProvider). */
  engineFor?: (spec: JudgeSpec) => JudgeEngine | Promise<JudgeEngine>;
  locks?: RunLocks;
}

const TONE: Record<RunProgress['state'], Tone> = {
  idle: 'idle',
  running: 'busy',
  paused: 'warn',
  done: 'ok',
  cancelled: 'idle',
  error: 'error',
  'locked-elsewhere': 'warn',
};

export class RunsState {
  #runs = $state.raw<RunRecord[]>([]);
  #active = $state.raw<ActiveRun | null>(null);
  #runner: RunRunner | null = null;
  #deps: RunsStateDeps;

  constructor(deps: RunsStateDeps = {}) {
    this.#deps = deps;
  }

  get runs(): RunRecord[] {
    return this.#runs;
  }

  get active(): ActiveRun | null {
    return this.#active;
  }

  /**
   * Lets the app route every run's engine through one provider (the shared judge state), so a
   * run reuses the model already loaded on the GPU instead of loading a second copy.
   */
  setEngineProvider(provider: (spec: JudgeSpec) => JudgeEngine | Promise<JudgeEngine>): void {
    this.#deps = { ...this.#deps, engineFor: provider };
  }

  #db(): PolluxDB {
    return (this.#deps.db ?? getDB)();
  }

  async refresh(): Promise<void> {
    this.#runs = await listRuns(this.#db());
  }

  /** A stored run with everything its Results page shows, read together. */
  async view(runId: string): Promise<RunView> {
    const db = this.#db();
    const [run, answers, rows, progress] = await Promise.all([
      db.runs.get(runId),
      db.answers.where('runId').equals(runId).toArray(),
      loadRunRows(db, runId),
      runProgress(db, runId),
    ]);
    return { run: run ?? null, answers, rows, progress };
  }

  /** What changes while a run judges: its judgments and progress. */
  async rowsOf(runId: string): Promise<Pick<RunView, 'rows' | 'progress'>> {
    const db = this.#db();
    const [rows, progress] = await Promise.all([loadRunRows(db, runId), runProgress(db, runId)]);
    return { rows, progress };
  }

  /** Stored progress of each run (the active run's live progress is in `active`). */
  async progressOf(runIds: readonly string[]): Promise<Record<string, RunProgress>> {
    const db = this.#db();
    return Object.fromEntries(await Promise.all(runIds.map(async (id) => [id, await runProgress(db, id)] as const)));
  }

  /** The judge's remembered per-criterion error against the experts, or null. */
  typicalError(run: RunRecord): Promise<TypicalError | null> {
    return getJudgeTypicalError(this.#db(), judgeId(run.settings.judge));
  }

  exportBundle(runId: string): Promise<RunBundle> {
    return exportRunBundle(this.#db(), runId);
  }

  async importBundle(json: unknown): Promise<BundleImportResult> {
    const result = await importRunBundle(this.#db(), json);
    await this.refresh();
    return result;
  }

  async create(input: CreateRunInput): Promise<string> {
    const id = await createRun(this.#db(), input);
    await this.refresh();
    return id;
  }

  plan(input: CreateRunInput, opts: PlanOptions = {}): Promise<RunPlan> {
    return planRun(this.#db(), input, opts);
  }

  /**
   * Starts (or resumes) judging a run in this tab; resolves with the final progress when the
   * run finishes, pauses, stops on an error or turns out to be running in another tab.
   */
  async start(runId: string): Promise<RunProgress> {
    if (this.#runner && this.#active?.runId === runId) return this.#runner.start();
    if (this.#runner) await this.#runner.pause();
    const db = this.#db();
    const run = await db.runs.get(runId);
    if (!run) throw new Error(`Run ${runId} not found`);
    const spec = run.settings.judge;
    const runner = new RunRunner({
      db,
      runId,
      engineFactory: () => (this.#deps.engineFor ? this.#deps.engineFor(spec) : createEngine(spec)),
      onProgress: (progress) => this.#publish(runId, progress),
      onEngineLoad: (p) => {
        const active = this.#active;
        if (active?.runId === runId) {
          this.#publish(runId, { ...active.progress, message: i18n.t('run.engine.loading', { text: p.text }) });
        }
      },
      locks: this.#deps.locks,
    });
    this.#runner = runner;
    this.#active = { runId, progress: await runProgress(db, runId) };
    const final = await runner.start();
    this.#publish(runId, final);
    await this.refresh();
    return final;
  }

  async pause(runId: string): Promise<void> {
    if (this.#active?.runId === runId) await this.#runner?.pause();
    await this.refresh();
  }

  resume(runId: string): Promise<RunProgress> {
    return this.start(runId);
  }

  async cancel(runId: string): Promise<void> {
    if (this.#active?.runId === runId && this.#runner) await this.#runner.cancel();
    else await this.#db().runs.update(runId, { status: 'cancelled', updatedAt: Date.now() });
    await this.refresh();
  }

  async remove(runId: string): Promise<void> {
    if (this.#active?.runId === runId) {
      await this.#runner?.cancel();
      this.#runner = null;
      this.#active = null;
      appStatus.clear('run');
    }
    await deleteRun(this.#db(), runId);
    await this.refresh();
  }

  /** Puts a run's failed judgments back in the queue and judges them again in this tab. */
  async retryFailed(runId: string): Promise<RunProgress | null> {
    const n = await retryFailed(this.#db(), runId);
    if (n === 0) return null;
    return this.start(runId);
  }

  async rename(runId: string, name: string): Promise<void> {
    await renameRun(this.#db(), runId, name);
    await this.refresh();
  }

  /**
   * On app start: a run that was judging when the page went away (reload, closed tab, crash)
   * carries on by itself — the most recent one, since a tab judges one run at a time. An
   * endpoint judge needs nothing from the user; a WebGPU judge reloads its weights from cache.
   */
  async resumeInterrupted(): Promise<void> {
    await this.refresh();
    const interrupted = this.#runs.find((r) => r.status === 'running');
    if (interrupted) void this.start(interrupted.id);
  }

  #publish(runId: string, progress: RunProgress): void {
    this.#active = { runId, progress };
    const { done, total, etaS, state } = progress;
    const settled = done + progress.unparsed + progress.failed;
    const text = (): string => {
      const counts = i18n.t('run.status.progress', { done: i18n.n(settled), total: i18n.n(total) });
      if (state === 'running' && etaS !== null && etaS > 0) {
        const eta = i18n.duration(etaS);
        return i18n.t('run.status.progressEta', { done: i18n.n(settled), total: i18n.n(total), eta });
      }
      return state === 'running' ? counts : `${i18n.t(`run.state.${state}`)} · ${counts}`;
    };
    appStatus.set('run', { labelKey: 'run.status.label', tone: TONE[state], text });
  }
}

export const runsState = new RunsState();
