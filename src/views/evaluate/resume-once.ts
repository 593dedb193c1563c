/**
 * Runs interrupted by a reload or a closed tab carry on by themselves (runsState.resumeInterrupted)
 * as soon as a page that shows runs opens; once per page load, whichever page comes first.
 * Belongs in the app shell eventually — see the report to the lead.
 */
import { runsState } from '../../state/runs.svelte.ts';

let done = false;

export function resumeInterruptedOnce(): void {
  if (done) return;
  done = true;
  void runsState.resumeInterrupted();
}
