/**
 * What the app starts once the shell is on screen, loaded by App.svelte with `import()` so the
 * entry chunk carries neither dexie nor the run machinery: the data (every page's base, and the
 * header says where it stands) opens from the IndexedDB cache or loads, and a run that was
 * judging when the tab closed or reloaded carries on. Runs judge through the shared judge state,
 * so a run reuses the model already on the GPU.
 */
import { dataState } from './data.svelte.ts';
import { runsState } from './runs.svelte.ts';
import { sharedEngineFor } from './run-engine.ts';

runsState.setEngineProvider(sharedEngineFor);

let started = false;

export function startApp(): void {
  if (started) return;
  started = true;
  void dataState.ensureLoaded();
  void runsState.resumeInterrupted();
}
