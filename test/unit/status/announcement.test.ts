/**
 * The header's status area speaks to screen readers when a line's state changes, not on every
 * progress tick (src/state/status.svelte.ts).
 */
import { describe, expect, it } from 'vitest';
import { AppStatus } from '../../../src/state/status.svelte.ts';

describe('appStatus.announcement', () => {
  it('announces a change of state, not a new text within the same state', () => {
    const s = new AppStatus();
    s.set('data', { labelKey: 'common.status.data', tone: 'idle', text: () => 'not loaded' });
    expect(s.announcement).toBeNull();
    s.set('data', { labelKey: 'common.status.data', tone: 'busy', state: 'loading', text: () => '1 %' });
    const first = s.announcement;
    expect(first?.line.text()).toBe('1 %');
    for (const p of [2, 50, 99]) s.set('data', { labelKey: 'common.status.data', tone: 'busy', state: 'loading', text: () => `${p} %` });
    expect(s.announcement).toBe(first);
    expect(s.lines[0][1].text()).toBe('99 %');
    s.set('data', { labelKey: 'common.status.data', tone: 'ok', state: 'ready', text: () => 'ready' });
    expect(s.announcement?.line.text()).toBe('ready');
    expect(s.announcement?.seq).toBe((first?.seq ?? 0) + 1);
  });

  it('a cleared line takes its announcement with it', () => {
    const s = new AppStatus();
    s.set('run', { labelKey: 'run.status.label', tone: 'busy', state: 'running', text: () => 'running' });
    s.clear('run');
    expect(s.lines).toEqual([]);
    expect(s.announcement).toBeNull();
  });
});
