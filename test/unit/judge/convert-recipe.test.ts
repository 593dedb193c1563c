/**
 * The conversion recipe's dry run, as CI runs it: standard-library Python, no network. It checks
 * the example configs of both judge families against the prebuilt libraries and the recipe's own
 * pure steps (web-llm's chat rendering and segments, the thinking switch, the segment-wise
 * tokenization check, the architecture checks). Needs python3 (every CI machine has it).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('model-configs/convert/convert.py --dry-run', () => {
  it('passes on both judge families and its self-test', () => {
    const r = spawnSync('python3', ['model-configs/convert/convert.py', '--dry-run'], { encoding: 'utf8' });
    if (r.error) throw new Error(`python3 is needed for the recipe's dry run (${r.error.message}); install python3.`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pollux-judge-7b, vocab_size 151665 -> 152064 (pad 399 zero rows)');
    expect(r.stdout).toContain('pollux-4b-judge, vocab_size 151936 -> 151936 (no padding)');
    expect(r.stdout).toContain('self-test OK');
  });

  it('refuses a checkpoint the prebuilt library cannot run, naming the fields', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'recipe-'));
    const config = JSON.parse(readFileSync('model-configs/convert/examples/t-lite-it-1.0.config.json', 'utf8')) as Record<string, unknown>;
    const bad = join(dir, 'config.json');
    writeFileSync(bad, JSON.stringify({ ...config, rope_scaling: { type: 'yarn', factor: 4 }, use_sliding_window: true }));
    const r = spawnSync('python3', ['model-configs/convert/convert.py', '--dry-run', bad], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('rope_scaling');
    expect(r.stdout).toContain('use_sliding_window');
    expect(r.stderr).toContain('cannot reuse the prebuilt qwen2 library');
  });
});
