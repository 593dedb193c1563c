/**
 * The app's one shared database instance, opened lazily on first use. Only state classes call
 * this; everything under src/lib/ takes a PolluxDB as a parameter (enforced by the linter).
 */
import { DB_NAME, openPolluxDB, type PolluxDB } from '../lib/store/db.ts';

let instance: PolluxDB | null = null;
let existed: Promise<boolean | null> | null = null;

export function getDB(): PolluxDB {
  // Asked before the first open can create the database (see databaseExisted).
  void databaseExisted();
  instance ??= openPolluxDB();
  return instance;
}

/**
 * Whether the app's database existed when this page first touched it: false on a first visit
 * (nothing can be cached, so the data load need not wait for the database to open before it
 * reaches the network), null where the browser cannot say (then nothing is assumed).
 */
export function databaseExisted(): Promise<boolean | null> {
  existed ??= (async () => {
    try {
      if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
      return (await indexedDB.databases()).some((d) => d.name === DB_NAME);
    } catch {
      return null;
    }
  })();
  return existed;
}
