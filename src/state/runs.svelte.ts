/**
 * Evaluation runs as shared reactive state: the stored runs, and the one run this tab is judging
 * with its live progress. Pages call these methods; the queue, cache and runner logic is in
 * src/lib/run/ (pure, injected DB and engine). One run judges at a time per tab — the GPU is one
 * — so starting another pauses the active one. Progress also goes to the header status area.
 * Dependencies (database, engine provider, locks, status area, translation) come in through the
 * constructor, so the class is unit-tested with stand-ins.
 */
import type { JudgeEngine } from '../lib/judge/engine.ts';
import { judgeId, type JudgeSpec } from '../lib/judge/spec.ts';
import { deleteRun, listRuns, loadRunRows, renameRun, retryFailed, runProgress } from '../lib/run/read.ts';
import type {
  BundleImportResult,
  CreateRunInput,
  JudgmentRow,
  PlanOptions,
  RunBundle,
  RunLocks,
  RunPlan,
  RunProgress,
} from '../lib/run/index.ts';
import type { RunRunner } from '../lib/run/runner.ts';
import type { PolluxDB } from '../lib/store/db.ts';
import type { ImportIssue, ScoresRunInput } from '../lib/io/index.ts';
import type { AnswerRecord, RunRecord } from '../lib/store/run-records.ts';
import { getJudgeTypicalError, type TypicalError } from '../lib/store/typical-error.ts';
import { appStatus, type StatusLine, type Tone } from './status.svelte.ts';
import { getDB } from './db.ts';
import { i18n } from './i18n.svelte.ts';
import type { MessageKey } from '../lib/i18n/dictionary.ts';

/** What creating, judging and importing runs need; reading and listing them does not (run-machinery.ts). */
const machinery = () => import('./run-machinery.ts');

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
  db: () => PolluxDB;
  /** Builds the judge of a run; the app routes it through the shared judge state (run-engine.ts). */
  engineFor?: (spec: JudgeSpec) => JudgeEngine | Promise<JudgeEngine>;
  locks?: RunLocks;
  status?: { set(id: string, line: StatusLine): void; clear(id: string): void };
  t?: (key: MessageKey, params?: Record<string, string | number>) => string;
  n?: (value: number) => string;
  duration?: (seconds: number) => string;
}

/** Thrown by start() for an imported run whose endpoint the user has not confirmed yet. */
export class EndpointNotConfirmedError extends Error {
  override readonly name = 'EndpointNotConfirmedError';
  constructor(readonly baseUrl: string) {
    super(`This run came from a file and would send its prompts to ${baseUrl}. Confirm that endpoint first.`);
  }
}

/** A run that ended with failed judgments is not simply "finished". */
export function finishedWithFailures(p: RunProgress): boolean {
  return p.state === 'done' && p.failed > 0;
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

  constructor(deps: RunsStateDeps) {
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
    return this.#deps.db();
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

  /** The stored record of one run (the progress panel reads provenance and endpoint from it). */
  record(runId: string): Promise<RunRecord | undefined> {
    return this.#db().runs.get(runId);
  }

  /** The judge's remembered per-criterion error against the experts, or null. */
  typicalError(run: RunRecord): Promise<TypicalError | null> {
    return getJudgeTypicalError(this.#db(), judgeId(run.settings.judge));
  }

  async exportBundle(runId: string): Promise<RunBundle> {
    return (await machinery()).exportRunBundle(this.#db(), runId);
  }

  /** Imports a bundle as a new run, its judgments kept apart as foreign data (`from`: the file name, shown as provenance). */
  async importBundle(json: unknown, from?: string): Promise<BundleImportResult> {
    const result = await (await machinery()).importRunBundle(this.#db(), json, { from });
    await this.refresh();
    return result;
  }

  /** A score.py scores.json (read by lib/io's readScoresJson) stored as a new run through the bundle importer. */
  async importScores(input: ScoresRunInput): Promise<{ result: BundleImportResult; warnings: ImportIssue[] }> {
    const { scoresRunBundle, storeRunBundle } = await machinery();
    const { bundle, warnings } = await scoresRunBundle(input);
    // Built here from a validated file: stored without re-deriving every key (see storeRunBundle).
    const result = await storeRunBundle(this.#db(), bundle, { from: input.name });
    await this.refresh();
    return { result, warnings };
  }


  /** Lets an imported run's judgments serve as cache for this machine's own work; returns how many were added. */
  async trustImported(runId: string): Promise<number> {
    const n = await (await machinery()).trustImportedRun(this.#db(), runId);
    await this.refresh();
    return n;
  }

  /** The user confirmed that an imported run may send its prompts to the endpoint it names. */
  async confirmEndpoint(runId: string): Promise<void> {
    await (await machinery()).confirmImportedEndpoint(this.#db(), runId);
    await this.refresh();
  }

  /** Stores a new run; a storage failure (disk full…) becomes a sentence saying what to do. */
  async create(input: CreateRunInput): Promise<string> {
    const { createRun, RunInputError, storageMessage } = await machinery();
    let id: string;
    try {
      id = await createRun(this.#db(), input);
    } catch (e) {
      if (e instanceof RunInputError) throw e;
      throw new Error(storageMessage(e, 'save the run'), { cause: e });
    }
    await this.refresh();
    return id;
  }

  async plan(input: CreateRunInput, opts: PlanOptions = {}): Promise<RunPlan> {
    return (await machinery()).planRun(this.#db(), input, opts);
  }

  /**
   * Starts (or resumes) judging a run in this tab; resolves with the final progress when the
   * run finishes, pauses, stops on an error or turns out to be running in another tab. An
   * imported run that would send prompts to an unconfirmed endpoint is refused
   * (EndpointNotConfirmedError) before anything is sent.
   */
  async start(runId: string): Promise<RunProgress> {
    if (this.#runner && this.#active?.runId === runId) return this.#runner.start();
    const { createEngine, needsEndpointConfirmation, RunRunner } = await machinery();
    const db = this.#db();
    const run = await db.runs.get(runId);
    if (!run) throw new Error(`Run ${runId} is not stored in this browser.`);
    const spec = run.settings.judge;
    if (needsEndpointConfirmation(run) && spec.kind === 'openai') throw new EndpointNotConfirmedError(spec.baseUrl);
    if (this.#runner) await this.#runner.pause();
    const runner = new RunRunner({
      db,
      runId,
      engineFactory: () => (this.#deps.engineFor ? this.#deps.engineFor(spec) : createEngine(spec)),
      onProgress: (progress) => this.#publish(runId, progress),
      onEngineLoad: (p) => {
        const active = this.#active;
        if (active?.runId === runId) this.#publish(runId, { ...active.progress, message: this.#t('run.engine.loading', { text: p.text }) });
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
      this.#deps.status?.clear('run');
    }
    await deleteRun(this.#db(), runId);
    await this.refresh();
  }

  /** Puts a run's failed judgments back in the queue and judges them again in this tab. */
  async retryFailed(runId: string): Promise<RunProgress | null> {
    const n = await retryFailed(this.#db(), runId);
    if (n === 0) return null;
    if (this.#active?.runId === runId && this.#runner) {
      // The finished runner of this run starts again with the re-queued jobs.
      return this.#runner.start();
    }
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
   * An imported run never starts by itself.
   */
  async resumeInterrupted(): Promise<void> {
    await this.refresh();
    const { needsEndpointConfirmation } = await machinery();
    const interrupted = this.#runs.find((r) => r.status === 'running' && !needsEndpointConfirmation(r));
    if (interrupted) void this.start(interrupted.id).catch(() => undefined);
  }

  #t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.#deps.t?.(key, params) ?? key;
  }

  #publish(runId: string, progress: RunProgress): void {
    this.#active = { runId, progress };
    const status = this.#deps.status;
    if (!status) return;
    const { done, total, etaS, state } = progress;
    const n = this.#deps.n ?? String;
    const settled = done + progress.unparsed + progress.failed;
    const text = (): string => {
      const counts = this.#t('run.status.progress', { done: n(settled), total: n(total) });
      if (state === 'running' && etaS !== null && etaS > 0) {
        return this.#t('run.status.progressEta', { done: n(settled), total: n(total), eta: (this.#deps.duration ?? String)(etaS) });
      }
      if (finishedWithFailures(progress)) return `${this.#t('run.state.doneWithFailures', { failed: n(progress.failed) })} · ${counts}`;
      return state === 'running' ? counts : `${this.#t(`run.state.${state}`)} · ${counts}`;
    };
    status.set('run', { labelKey: 'run.status.label', tone: finishedWithFailures(progress) ? 'warn' : TONE[state], text });
  }
}

// The app's runs judge through the shared judge state (one model on the GPU), loaded when a run
// first needs an engine rather than with every page that lists runs.
export const runsState = new RunsState({
  db: getDB,
  engineFor: async (spec) => (await import('./run-engine.ts')).sharedEngineFor(spec),
  status: appStatus,
  t: (key, params) => i18n.t(key, params),
  n: (v) => i18n.n(v),
  duration: (s) => i18n.duration(s),
});
