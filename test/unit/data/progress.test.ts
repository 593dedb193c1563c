import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../src/lib/data/progress.ts';
import { throttle } from '../../../src/lib/data/throttle.ts';

describe('ProgressMeter', () => {
  it('counts footers and the instructions file in the total, is indeterminate until the expert plan is in, and ends at 100 %', () => {
    let t = 0;
    const m = new ProgressMeter(() => t);
    m.planned(1); // a size probe
    m.received(1);
    m.planned(32_768); // a footer
    m.received(32_768);
    m.planned(3_700_000); // the instructions file's used columns
    m.received(1_000_000);
    expect(m.snapshot().determinate).toBe(false);
    expect(m.snapshot().etaS).toBeNull();
    m.expertsStart(true);
    // Until the expert table's plan is counted, the total is still growing: no value yet.
    expect(m.snapshot().determinate).toBe(false);
    m.planned(8_000_000);
    expect(m.snapshot()).toMatchObject({ determinate: true, totalBytes: 11_732_769 });
    t = 1000;
    m.received(2_700_000); // the rest of the instructions file
    m.received(4_000_000);
    m.received(-500_000); // an attempt cut mid-way is taken back…
    m.received(500_000); // …and fetched again
    const mid = m.snapshot();
    expect(mid.etaS).toBeGreaterThan(0);
    m.received(4_000_000);
    const end = m.snapshot();
    expect(end.bytes).toBe(end.totalBytes);
    expect(end.etaS).toBe(0);
  });

  it('a resumed load with every row group cached is determinate at once', () => {
    const m = new ProgressMeter(() => 0);
    m.planned(10);
    m.received(10);
    m.expertsStart(false);
    expect(m.snapshot()).toMatchObject({ determinate: true, bytes: 10, totalBytes: 10 });
  });
});

describe('throttle', () => {
  it('emits at most once per interval, and flush emits what is pending at once', () => {
    const timers: (() => void)[] = [];
    let emitted = 0;
    const th = throttle(() => emitted++, 100, { setTimeout: (fn) => timers.push(fn), clearTimeout: () => timers.splice(0) });
    for (let i = 0; i < 1000; i++) th.poke();
    expect(emitted).toBe(0);
    expect(timers).toHaveLength(1);
    timers.shift()!();
    expect(emitted).toBe(1);
    th.poke();
    th.flush();
    expect(emitted).toBe(2);
    th.flush();
    expect(emitted).toBe(2);
  });
});
