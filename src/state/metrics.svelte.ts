/**
 * Metrics as shared reactive state, and the owner of the metrics worker. Gathers a run
 * (metrics-inputs.ts), the reference models' expert scores and criterion categories (from the
 * data layer), then has the worker compute the report — and, for a run that judged a
 * reference model's dataset answers, the judge-vs-experts agreement, whose per-criterion error
 * is stored as the judge's typical error.
 *
 * Requests go through MetricsWorkerClient; results of superseded requests are discarded. The
 * expert table is read once per dataset and handed to the client under the dataset key, so the
 * worker receives it once, not with every request.
 *
 * Views say what they show (`show`, `showShared`, `showCompare`) from an effect on their URL;
 * those calls only record the request and start the computation outside the effect, and
 * recompute only when the request changed.
 */
import { i18n } from './i18n.svelte.ts';
import {
  rankSystems,
  sharedInstructions,
  sharedJudgments,
  type SharePayload,
  type AgreementReport,
  type CategoryEntry,
  type CompareReport,
  type InstructionFacets,
  type MetricsReport,
  type MetricsSettings,
  expertScoreTable,
  facetsOf,
  toScoreTable,
} from '../lib/metrics/index.ts';
import { sampleNote, type SampleNote } from '../lib/run/sample-note.ts';
import { METRICS_CODE, MetricsWorkerClient, type ExpertTable } from '../lib/metrics/worker-client.ts';
import { categoriesFor, loadRunForMetrics, type LoadedRun } from './metrics-inputs.ts';
import type { GateMode } from '../lib/pollux/types.ts';
import { judgeId, judgeLabel } from '../lib/judge/spec.ts';
import { getDB } from './db.ts';
import { saveJudgeTypicalError } from '../lib/store/typical-error.ts';
import { dataState } from './data.svelte.ts';
import { appStatus } from './status.svelte.ts';
import { nextTask } from './next-task.ts';

export type MetricsStage = 'idle' | 'loading-run' | 'loading-experts' | 'computing' | 'ready' | 'error';

export interface MetricsProgress {
  stage: MetricsStage;
  startedAt: number;
  /** Estimated seconds left, from the rate of the previous computation in this tab. */
  etaS: number | null;
}

/** The judges of the two sides of a comparison (null: a reference model's experts). */
export interface CompareJudges {
  a: string | null;
  b: string | null;
  /** Both sides are runs, judged by different judges. */
  differ: boolean;
}

class MetricsState {
  #client = new MetricsWorkerClient();
  #report = $state.raw<MetricsReport | null>(null);
  #agreement = $state.raw<AgreementReport | null>(null);
  #compare = $state.raw<CompareReport | null>(null);
  #progress = $state<MetricsProgress>({ stage: 'idle', startedAt: 0, etaS: null });
  #error = $state<string | null>(null);
  #computeMs = $state<number | null>(null);
  #where = $state<'worker' | 'main' | 'cache' | null>(null);
  #loaded = $state.raw<LoadedRun | null>(null);
  #categories = $state.raw<CategoryEntry[]>([]);
  #compareJudges = $state.raw<CompareJudges | null>(null);
  #request = 0;
  /** What the page asked to show last (plain, not reactive: the views' effects must not depend on it). */
  #shown = '';
  #startedAt = 0;
  #expertTable: ExpertTable | null = null;
  /** Rows per millisecond measured last time, for the ETA. */
  #rate = 300;

  get report(): MetricsReport | null {
    return this.#report;
  }
  get agreement(): AgreementReport | null {
    return this.#agreement;
  }
  get compare(): CompareReport | null {
    return this.#compare;
  }
  get progress(): MetricsProgress {
    return this.#progress;
  }
  get error(): string | null {
    return this.#error;
  }
  get computeMs(): number | null {
    return this.#computeMs;
  }
  /** Whether the last computation ran in the worker or (after repeated worker crashes) on the main thread. */
  get where(): 'worker' | 'main' | 'cache' | null {
    return this.#where;
  }
  get loaded(): LoadedRun | null {
    return this.#loaded;
  }
  get categories(): CategoryEntry[] {
    return this.#categories;
  }
  get compareJudges(): CompareJudges | null {
    return this.#compareJudges;
  }

  /** Whether the loaded run's estimate comes from a sample (the rule the Results page shares). */
  get sample(): SampleNote | null {
    const loaded = this.#loaded;
    const run = this.#report?.systems.find((s) => s.kind === 'run' && s.id === loaded?.record.id);
    if (!loaded || !run) return null;
    return sampleNote({
      settings: loaded.record.settings,
      stoppedBy: loaded.record.stoppedBy,
      instructions: Object.keys(loaded.answers).length,
      judged: run.coverage.instructions,
    });
  }

  /** Shows the report of a run (null: the reference models alone); computes only when the request changed. */
  show(runId: string | null, settings: MetricsSettings): void {
    this.#start(JSON.stringify(['report', runId, settings]), () => this.compute(runId, settings));
  }

  /** Shows a share link's report. */
  showShared(p: SharePayload): void {
    this.#start(JSON.stringify(['shared', p.hash, p.name, p.settings]), () => this.computeShared(p));
  }

  /** Shows the comparison of two sides (run ids or ref:<model>). */
  showCompare(a: string, b: string, gate: GateMode, resamples: number, seed: number): void {
    this.#start(JSON.stringify(['compare', a, b, gate, resamples, seed]), () => this.compareRuns(a, b, gate, resamples, seed));
  }

  #start(key: string, run: () => Promise<void>): void {
    if (key === this.#shown) return;
    this.#shown = key;
    this.#client.warm();
    // Outside the caller's effect (the computation reads and writes this state), and in a task
    // after the page's render: opening storage and the data is not added to that task.
    void nextTask().then(run);
  }

  #stage(stage: MetricsStage, etaS: number | null = null): void {
    this.#progress = { stage, startedAt: this.#startedAt, etaS };
    const tone = stage === 'error' ? 'error' : stage === 'ready' ? 'ok' : stage === 'idle' ? 'idle' : 'busy';
    if (stage === 'idle') appStatus.clear('metrics');
    else appStatus.set('metrics', { labelKey: 'metrics.status.label', tone, text: () => i18n.t(`metrics.stage.${stage}`) });
  }

  /** The current dataset's expert table, read once per dataset key; empty rows when there is no dataset. */
  async #experts(): Promise<ExpertTable> {
    try {
      await dataState.ensureLoaded();
      const columns = await dataState.expertTable();
      // The table's stamp joins the key: a dataset re-read under the same key is a new table.
      const key = `${dataState.datasetKey ?? 'none'}\u0000${columns.stamp}\u0000${columns.promptId.length}`;
      if (this.#expertTable?.key !== key) this.#expertTable = { key, table: expertScoreTable(columns) };
      return this.#expertTable;
    } catch {
      // No dataset (offline, custom-only use): the run's own metrics still work, without references.
      return { key: 'none', table: toScoreTable([]) };
    }
  }

  /** Computes the report for a run (runId) or, with runId null, for the reference models alone. */
  async compute(runId: string | null, settings: MetricsSettings): Promise<void> {
    const req = ++this.#request;
    this.#startedAt = Date.now();
    this.#error = null;
    this.#report = null;
    this.#agreement = null;
    try {
      this.#stage('loading-run');
      const loaded = runId ? await loadRunForMetrics(runId) : null;
      if (runId && !loaded) throw new Error(i18n.t('metrics.error.noRun', { id: runId }));
      if (req !== this.#request) return;
      this.#loaded = loaded;
      this.#stage('loading-experts');
      // The reference models' report depends on nothing but the dataset's load, the inputs below
      // and the metrics code (METRICS_CODE: in a build, the content-hashed chunk that holds the
      // computation): computed once, it is kept with the dataset, and a later visit reads it
      // instead of resampling, without reading the expert table either. Development builds have
      // no content hash, so they always compute.
      const keepable = !loaded && !import.meta.env.DEV && (await dataState.load.whenExperts().then(() => true, () => false));
      let experts = keepable ? null : await this.#experts();
      // The criterion categories come from the taxonomy, which loads behind the list: waited for
      // here (it settles, loaded or not), so a quick warm open never computes without them.
      await dataState.taxonomy.load().catch(() => undefined);
      if (req !== this.#request) return;
      const instructions: InstructionFacets[] = (loaded?.instructions ?? dataState.instructions).map(facetsOf);
      const categories = categoriesFor([
        ...instructions.flatMap((i) => i.criteria),
        ...(loaded?.judgments ?? []),
      ]);
      this.#categories = categories;
      const request = keepable ? JSON.stringify([METRICS_CODE, settings, categories, instructions.length]) : null;
      const cached = request ? await dataState.cachedReport(request) : null;
      if (req !== this.#request) return;
      if (cached) {
        this.#report = cached;
        this.#computeMs = 0;
        this.#where = 'cache';
        this.#stage('ready');
        return;
      }
      experts ??= await this.#experts();
      if (req !== this.#request) return;
      const rows = (loaded?.judgments.length ?? 0) + experts.table.promptId.length;
      this.#stage('computing', rows / this.#rate / 1000);
      const t0 = performance.now();
      const res = await this.#client.run({
        type: 'report',
        input: { settings, instructions, categories, run: loaded ? { id: loaded.record.id, label: loaded.record.name, judgments: loaded.judgments } : null },
      }, experts);
      if (req !== this.#request) return;
      if (res.type !== 'report') throw new Error('unexpected worker result');
      this.#report = res.result;
      // Kept after the report has been drawn: storing it clones the report on this thread.
      if (request) void nextTask().then(() => dataState.cacheReport(request, res.result));
      const answersFrom = loaded?.record.settings.answersFrom;
      if (loaded && answersFrom?.kind === 'dataset' && experts.table.promptId.length > 0) {
        const ag = await this.#client.run(
          {
            type: 'agreement',
            input: { settings, instructions, categories, judgments: loaded.judgments, modelId: answersFrom.model_id },
          },
          experts,
        );
        if (req !== this.#request) return;
        if (ag.type === 'agreement') {
          this.#agreement = ag.result;
          await saveJudgeTypicalError(getDB(), judgeId(loaded.record.settings.judge), ag.result.typicalError);
        }
      }
      const ms = performance.now() - t0;
      this.#computeMs = ms;
      this.#where = this.#client.lastWhere;
      if (rows > 0 && ms > 0) this.#rate = rows / ms;
      this.#stage('ready');
    } catch (e) {
      if (req !== this.#request) return;
      this.#error = e instanceof Error ? e.message : String(e);
      this.#stage('error');
    }
  }

  /**
   * A share link's report: the run's metrics recomputed from the scores it carries (so the
   * numbers are checked, not just displayed), with the sender's reference models beside them.
   */
  async computeShared(p: SharePayload): Promise<void> {
    const req = ++this.#request;
    this.#startedAt = Date.now();
    this.#error = null;
    this.#report = null;
    this.#agreement = null;
    this.#loaded = null;
    try {
      this.#stage('computing');
      const res = await this.#client.run({
        type: 'report',
        input: { settings: p.settings, instructions: sharedInstructions(p), categories: p.categories, run: { id: 'shared', label: p.name, judgments: sharedJudgments(p) } },
      });
      if (req !== this.#request) return;
      if (res.type !== 'report') throw new Error('unexpected worker result');
      const systems = [...res.result.systems, ...p.references];
      this.#report = { ...res.result, systems, ranking: rankSystems(systems) };
      this.#categories = p.categories;
      this.#stage('ready');
    } catch (e) {
      if (req !== this.#request) return;
      this.#error = e instanceof Error ? e.message : String(e);
      this.#stage('error');
    }
  }

  async compareRuns(a: string, b: string, gate: GateMode, resamples: number, seed: number): Promise<void> {
    const req = ++this.#request;
    this.#startedAt = Date.now();
    this.#error = null;
    this.#compare = null;
    this.#compareJudges = null;
    try {
      this.#stage('loading-run');
      const side = async (ref: string) => {
        if (ref.startsWith('ref:')) return { side: { kind: 'reference' as const, modelId: ref.slice(4) }, loaded: null };
        const loaded = await loadRunForMetrics(ref);
        if (!loaded) throw new Error(i18n.t('metrics.error.noRun', { id: ref }));
        return { side: { kind: 'run' as const, id: ref, label: loaded.record.name, judgments: loaded.judgments }, loaded };
      };
      const [sa, sb] = await Promise.all([side(a), side(b)]);
      const needExperts = sa.side.kind === 'reference' || sb.side.kind === 'reference';
      this.#stage('loading-experts');
      const experts = needExperts ? await this.#experts() : undefined;
      const byId = new Map<number, InstructionFacets>();
      for (const l of [sa.loaded, sb.loaded]) for (const i of l?.instructions ?? []) byId.set(i.prompt_id, i);
      if (byId.size === 0) for (const i of dataState.instructions) byId.set(i.prompt_id, i);
      const instructions = [...byId.values()].map(facetsOf);
      const categories = categoriesFor(instructions.flatMap((i) => i.criteria));
      this.#stage('computing');
      const res = await this.#client.run({ type: 'compare', input: { settings: { gate, resamples, seed }, instructions, categories, a: sa.side, b: sb.side } }, experts);
      if (req !== this.#request) return;
      if (res.type === 'compare') this.#compare = res.result;
      const judgeOf = (l: LoadedRun | null) => (l ? judgeLabel(l.record.settings.judge) : null);
      const [ja, jb] = [sa.loaded, sb.loaded].map((l) => (l ? judgeId(l.record.settings.judge) : null));
      this.#compareJudges = { a: judgeOf(sa.loaded), b: judgeOf(sb.loaded), differ: ja !== null && jb !== null && ja !== jb };
      this.#stage('ready');
    } catch (e) {
      if (req !== this.#request) return;
      this.#error = e instanceof Error ? e.message : String(e);
      this.#stage('error');
    }
  }
}

export const metricsState = new MetricsState();
