/**
 * The app's one shared database instance, opened lazily on first use. Only state classes call
 * this; everything under src/lib/ takes a PolluxDB as a parameter (enforced by the linter).
 */
import { openPolluxDB, type PolluxDB } from '../lib/store/db.ts';

let instance: PolluxDB | null = null;

export function getDB(): PolluxDB {
  instance ??= openPolluxDB();
  return instance;
}
