import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import {
  createMemoryLocks,
  createRun,
  confirmImportedEndpoint,
  exportRunBundle,
  importRunBundle,
  needsEndpointConfirmation,
  trustImportedRun,
  loadRunRows,
  RunRunner,
  type BundleImportResult,
  type RunBundle,
} from '../../../src/lib/run/index.ts';
import type { PolluxDB } from '../../../src/lib/store/db.ts';
import { freshDB, makeInput, makeInstructions } from './fixtures.ts';

async function judgedRun(scenario: 'valid' | 'malformed' = 'valid', stopAfter?: number) {
  const db = freshDB();
  const runId = await createRun(db, makeInput(makeInstructions(5, 3)));
  const r = new RunRunner({ db, runId, engineFactory: () => new ScriptedEngine({ scenario, tokenDelayMs: stopAfter === undefined ? 0 : 2 }), locks: createMemoryLocks() });
  if (stopAfter === undefined) await r.start();
  else {
    const p = r.start();
    while (r.progress.done < stopAfter) await new Promise((res) => setTimeout(res, 1));
    await r.pause();
    await p;
  }
  return { db, runId };
}

/** Through JSON, as a file would travel. */
async function bundleOf(db: PolluxDB, runId: string): Promise<RunBundle> {
  return JSON.parse(JSON.stringify(await exportRunBundle(db, runId))) as RunBundle;
}

function strip(rows: Awaited<ReturnType<typeof loadRunRows>>) {
  return rows.map(({ runId: _r, ...rest }) => ({ ...rest }));
}

async function counts(db: PolluxDB) {
  return { runs: await db.runs.count(), jobs: await db.jobs.count(), answers: await db.answers.count(), judgments: await db.judgments.count() };
}

function expectIssue(result: BundleImportResult, path: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors.some((e) => (typeof path === 'string' ? e.path === path : path.test(e.path)))).toBe(true);
}

describe('run bundles', () => {
  it('round-trips a finished run to another machine', async () => {
    const { db, runId } = await judgedRun();
    const bundle = await bundleOf(db, runId);
    expect(bundle).toMatchObject({ format: 'pollux-web-run', version: 1 });
    expect(bundle.judgments).toHaveLength(15);
    expect(bundle.instructions[0].criteria).toHaveLength(3);

    const other = freshDB();
    const result = await importRunBundle(other, bundle, { from: 'run.json', now: 5 });
    expect(result).toMatchObject({ ok: true, stored: 15, duplicates: 0 });
    expect(result.ok && result.earlier).toBeUndefined();
    if (!result.ok) return;
    const rows = await loadRunRows(other, result.runId);
    // The same judgments, marked as what they are: another machine's, from that file.
    expect(strip(rows).map(({ imported: _i, ...r }) => r)).toEqual(strip(await loadRunRows(db, runId)));
    expect(rows.every((r) => r.imported?.from === 'run.json' && r.imported.at === 5)).toBe(true);
    expect((await other.runs.get(result.runId))?.status).toBe('done');
    expect((await other.runs.get(result.runId))?.imported).toMatchObject({ from: 'run.json', exportedAt: bundle.exportedAt });
    // Exporting the imported run gives the same judgments back.
    const again = await bundleOf(other, result.runId);
    expect(again.judgments).toEqual(bundle.judgments);
  });

  it('counts repeats, and stores an import apart even where this browser made the same judgments', async () => {
    const { db, runId } = await judgedRun('malformed');
    const bundle = await bundleOf(db, runId);
    // Three attempts each: free, constrained (the scripted engine offers a grammar — which makes it parse).
    expect(bundle.judgments.length).toBe(30);
    const again = await importRunBundle(db, bundle);
    expect(again).toMatchObject({ ok: true, stored: 30, duplicates: 30 });
    expect(again.ok && again.earlier).toBeUndefined();
    // The same file once more: a second run, and the report names the first import.
    expect(await importRunBundle(db, bundle)).toMatchObject({ ok: true, stored: 30, earlier: bundle.run.name });
    expect(await db.judgments.count()).toBe(90);
    const doubled = { ...bundle, judgments: [...bundle.judgments, ...bundle.judgments] };
    const other = freshDB();
    expect(await importRunBundle(other, doubled)).toMatchObject({ ok: true, stored: 30, duplicates: 30 });
    expect(await other.judgments.count()).toBe(30);
  });

  it('a stranger’s edited outputs never answer this machine’s own jobs, unless the user trusts them', async () => {
    const { db, runId } = await judgedRun();
    const forged = await bundleOf(db, runId);
    // Edited outputs with intact keys: every score turned into the scale's top.
    for (const j of forged.judgments) j.raw = j.raw.replace(/\[RESULT\]\s*\d+/, '[RESULT] 2');
    const mine = freshDB();
    const imported = await importRunBundle(mine, forged, { from: 'stranger.json' });
    if (!imported.ok) throw new Error('import failed');
    // A local run of the same answers: every judgment is made here, none is taken from the bundle.
    const local = await createRun(mine, makeInput(makeInstructions(5, 3)));
    const engine = new ScriptedEngine({ scenario: 'valid' });
    await new RunRunner({ db: mine, runId: local, engineFactory: () => engine, locks: createMemoryLocks() }).start();
    expect(engine.calls).toHaveLength(15);
    expect(strip(await loadRunRows(mine, local)).map((r) => r.raw)).toEqual(strip(await loadRunRows(db, runId)).map((r) => r.raw));
    // Opting in: the bundle's judgments become cache for new local work.
    const other = freshDB();
    const trusted = await importRunBundle(other, forged);
    if (!trusted.ok) throw new Error('import failed');
    expect(await trustImportedRun(other, trusted.runId)).toBe(15);
    const replay = await createRun(other, makeInput(makeInstructions(5, 3)));
    const e2 = new ScriptedEngine({ scenario: 'valid' });
    await new RunRunner({ db: other, runId: replay, engineFactory: () => e2, locks: createMemoryLocks() }).start();
    expect(e2.calls).toHaveLength(0);
  });

  it('needs the user to confirm an imported run’s endpoint before anything is sent there', async () => {
    const db = freshDB();
    const input = makeInput(makeInstructions(2, 2));
    input.settings = { ...input.settings, judge: { kind: 'openai', baseUrl: 'http://stranger.example/v1', model: 'm', outputFormat: 'tagged', polluxTrained: true, concurrency: 2 } };
    const runId = await createRun(db, input);
    const bundle = await bundleOf(db, runId);
    const other = freshDB();
    const r = await importRunBundle(other, bundle);
    if (!r.ok) throw new Error('import failed');
    const run = (await other.runs.get(r.runId))!;
    expect(needsEndpointConfirmation(run)).toBe(true);
    await confirmImportedEndpoint(other, r.runId);
    expect(needsEndpointConfirmation((await other.runs.get(r.runId))!)).toBe(false);
    // A run made here needs no confirmation.
    expect(needsEndpointConfirmation((await db.runs.get(runId))!)).toBe(false);
  });

  it('imports an unfinished run as paused, and the other machine finishes it from its cache', async () => {
    const { db, runId } = await judgedRun('valid', 4);
    const bundle = await bundleOf(db, runId);
    const other = freshDB();
    const result = await importRunBundle(other, bundle);
    if (!result.ok) throw new Error('import failed');
    expect((await other.runs.get(result.runId))?.status).toBe('paused');
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const done = bundle.jobs.filter((j) => j.status === 'done').length;
    const final = await new RunRunner({ db: other, runId: result.runId, engineFactory: () => engine, locks: createMemoryLocks() }).start();
    expect(final).toMatchObject({ state: 'done', done: 15 });
    expect(engine.calls).toHaveLength(15 - done);
  });

  it('rejects malformed bundles with located errors and imports nothing', async () => {
    const { db, runId } = await judgedRun();
    const good = await bundleOf(db, runId);
    const other = freshDB();
    const before = await counts(other);
    const clone = () => JSON.parse(JSON.stringify(good)) as RunBundle & Record<string, unknown>;

    expectIssue(await importRunBundle(other, 'nope'), '$');
    expectIssue(await importRunBundle(other, { ...clone(), format: 'other' }), 'format');
    expectIssue(await importRunBundle(other, { ...clone(), version: 9 }), 'version');

    const badKey = clone();
    badKey.jobs[3].cacheKey = 'xyz';
    expectIssue(await importRunBundle(other, badKey), 'jobs[3].cacheKey');

    const noJudge = clone();
    noJudge.run.settings.judge = { kind: 'openai', baseUrl: 7 } as unknown as RunBundle['run']['settings']['judge'];
    expectIssue(await importRunBundle(other, noJudge), /^run\.settings\.judge\./);

    const wrongType = clone();
    (wrongType.answers[1] as unknown as Record<string, unknown>).answer = 5;
    expectIssue(await importRunBundle(other, wrongType), 'answers[1].answer');

    const notArray = clone();
    (notArray as Record<string, unknown>).judgments = {};
    expectIssue(await importRunBundle(other, notArray), 'judgments');

    // Well-shaped but wrong in meaning: edited answers change every key of that instruction.
    const edited = clone();
    edited.answers[0].answer = 'Подменённый ответ';
    expectIssue(await importRunBundle(other, edited), /^jobs\[\d+\]\.cacheKey$/);

    // A judgment under a key no attempt in the bundle produces would poison the cache.
    const forged = clone();
    forged.judgments.push({ cacheKey: 'a'.repeat(64), raw: '[FEEDBACK] x [RESULT] 2 [END]', createdAt: 1 });
    expectIssue(await importRunBundle(other, forged), `judgments[${forged.judgments.length - 1}].cacheKey`);

    const missing = clone();
    missing.judgments = missing.judgments.slice(1);
    expectIssue(await importRunBundle(other, missing), /^jobs\[\d+\]\.resultKey$/);

    const unknownAnswer = clone();
    unknownAnswer.answers.push({ prompt_id: 12345, answer: 'x' });
    expectIssue(await importRunBundle(other, unknownAnswer), `answers[${unknownAnswer.answers.length - 1}].prompt_id`);

    const dropped = clone();
    dropped.jobs = dropped.jobs.slice(1);
    expectIssue(await importRunBundle(other, dropped), 'jobs');

    expect(await counts(other)).toEqual(before);
  });

  it('caps the error list of a wholly wrong file', async () => {
    const junk = { format: 'pollux-web-run', version: 1, run: {}, instructions: Array(200).fill(1), answers: [], jobs: [], judgments: [] };
    const r = await importRunBundle(freshDB(), junk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBe(50);
  });
});
