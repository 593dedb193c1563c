/**
 * The app's one shared database instance, opened lazily on first use. Only state classes call
 * this; everything under src/lib/ takes a PolluxDB as a parameter (enforced by the linter).
 */
import { openPolluxDB, type PolluxDB } from '../lib/store/db.ts';
import { nextTask } from './next-task.ts';

let instance: PolluxDB | null = null;

export function getDB(): PolluxDB {
  if (!instance) {
    instance = openPolluxDB();
    // Requests made while the database opens run in a task after the open's, not in it: on a
    // first visit, creating the schema and the first reads were one long task (≈ 40 ms of main
    // thread here, a phone's input waiting for all of it). Dexie holds queued requests until a
    // 'ready' subscriber's promise settles.
    instance.on('ready', () => nextTask());
  }
  return instance;
}
