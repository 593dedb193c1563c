/**
 * What the app starts once the shell is on screen, loaded by App.svelte with `import()` so the
 * entry chunk carries neither dexie nor the run machinery: the data (every page's base, and the
 * header says where it stands) opens from the IndexedDB cache or loads, and a run that was
 * judging when the tab closed or reloaded carries on once the list is shown. The run machinery
 * itself is loaded only when there is such a run (or when a page that shows runs asks for it).
 */
import { dataState } from './data.svelte.ts';
import { getDB } from './db.ts';

let started = false;

export function startApp(): void {
  if (started) return;
  started = true;
  void dataState.ensureLoaded();
  // After the list is on screen (or the load ended without one): a run picks up a moment later,
  // and its storage reads stay out of the first screen's tasks.
  void dataState.load.whenShown().then(resumeIfInterrupted);
}

async function resumeIfInterrupted(): Promise<void> {
  const interrupted = await getDB()
    .runs.filter((r) => r.status === 'running')
    .first();
  if (!interrupted) return;
  const { runsState } = await import('./runs.svelte.ts');
  await runsState.resumeInterrupted();
}
