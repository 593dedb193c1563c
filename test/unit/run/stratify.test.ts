import { describe, expect, it } from 'vitest';
import { budgetForSeconds, defaultStratum, stratifiedOrder, stratifiedSample } from '../../../src/lib/run/index.ts';
import { makeInstructions } from './fixtures.ts';

interface Item {
  id: number;
  s: string;
}

/** Strata of sizes 50, 30, 15, 5 (100 items). */
function items(): Item[] {
  const sizes: [string, number][] = [['A', 50], ['B', 30], ['C', 15], ['D', 5]];
  const out: Item[] = [];
  for (const [s, n] of sizes) for (let i = 0; i < n; i++) out.push({ id: out.length, s });
  return out;
}

describe('stratifiedOrder', () => {
  it('is a permutation, deterministic by seed and different across seeds', () => {
    const xs = items();
    const a = stratifiedOrder(xs, (x) => x.s, 1);
    expect(a.map((x) => x.id).sort((p, q) => p - q)).toEqual(xs.map((x) => x.id));
    expect(stratifiedOrder(xs, (x) => x.s, 1)).toEqual(a);
    expect(stratifiedOrder(xs, (x) => x.s, 2).map((x) => x.id)).not.toEqual(a.map((x) => x.id));
    // Input order does not matter, only the seed.
    expect(stratifiedOrder([...xs].reverse(), (x) => x.s, 1).map((x) => x.s)).toEqual(a.map((x) => x.s));
  });

  it('makes every prefix proportional to within one item per stratum', () => {
    const xs = items();
    const sizes: Record<string, number> = { A: 50, B: 30, C: 15, D: 5 };
    for (const seed of [1, 2, 3, 99]) {
      const order = stratifiedOrder(xs, (x) => x.s, seed);
      const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
      order.forEach((x, i) => {
        counts[x.s]++;
        const m = i + 1;
        for (const s of Object.keys(sizes)) {
          expect(Math.abs(counts[s] - (m * sizes[s]) / 100)).toBeLessThanOrEqual(1.0001 + sizes[s] / 100);
        }
      });
    }
  });

  it('is not the input order within a stratum (random, not sequential)', () => {
    const order = stratifiedOrder(items(), (x) => x.s, 5).filter((x) => x.s === 'A').map((x) => x.id);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });
});

describe('stratifiedSample', () => {
  const rows = makeInstructions(120, 4);
  const total = rows.length * 4;

  it('allocates proportionally by task type × difficulty within the budget', () => {
    const budget = Math.floor(total / 4);
    const ids = stratifiedSample(rows, defaultStratum, budget, 11);
    expect(ids.length * 4).toBeLessThanOrEqual(budget);
    expect(ids.length).toBe(Math.floor(budget / 4));
    const byId = new Map(rows.map((r) => [r.prompt_id, r]));
    const pop = new Map<string, number>();
    for (const r of rows) pop.set(defaultStratum(r), (pop.get(defaultStratum(r)) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const id of ids) {
      const s = defaultStratum(byId.get(id) ?? rows[0]);
      got.set(s, (got.get(s) ?? 0) + 1);
    }
    for (const [s, n] of pop) {
      expect(Math.abs((got.get(s) ?? 0) - (n * ids.length) / rows.length)).toBeLessThanOrEqual(1.5);
    }
  });

  it('takes at least one instruction from each stratum when the budget allows', () => {
    const strata = new Set(rows.map(defaultStratum));
    const ids = stratifiedSample(rows, defaultStratum, strata.size * 4, 3);
    const byId = new Map(rows.map((r) => [r.prompt_id, r]));
    expect(new Set(ids.map((id) => defaultStratum(byId.get(id) ?? rows[0])))).toEqual(strata);
  });

  it('is deterministic by seed, varies with it, and is sorted', () => {
    const a = stratifiedSample(rows, defaultStratum, 100, 1);
    expect(stratifiedSample(rows, defaultStratum, 100, 1)).toEqual(a);
    expect(stratifiedSample(rows, defaultStratum, 100, 2)).not.toEqual(a);
    expect(a).toEqual([...a].sort((x, y) => x - y));
  });

  it('handles empty and oversized budgets', () => {
    expect(stratifiedSample(rows, defaultStratum, 0, 1)).toEqual([]);
    expect(stratifiedSample(rows, defaultStratum, 3, 1)).toEqual([]);
    expect(stratifiedSample(rows, defaultStratum, 1e9, 1).length).toBe(rows.length);
  });
});

describe('budgetForSeconds', () => {
  it('converts a time budget to judgments', () => {
    expect(budgetForSeconds(3600, 2.5)).toBe(1440);
    expect(budgetForSeconds(0, 1)).toBe(0);
    expect(budgetForSeconds(-5, 1)).toBe(0);
    expect(budgetForSeconds(10, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
