/**
 * valibot's issues as located messages: `jobs[3].cacheKey: Invalid type: Expected string but
 * received 7`. Every validator of foreign data (run bundles, share links) reports this way, so a
 * user sees where a file or link is wrong, and a wholly wrong input lists a bounded number of
 * problems.
 */
import type { BaseIssue } from 'valibot';

export interface LocatedIssue {
  /** `$` for the whole value, else a JSON path such as `jobs[3].cacheKey`. */
  path: string;
  message: string;
}

/** The path of an issue in the `a.b[2].c` notation. */
export function issuePath(issue: BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string') out += /^[A-Za-z_$][\w$]*$/.test(key) ? `${out === '' ? '' : '.'}${key}` : `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
    else out += '[?]';
  }
  return out === '' ? '$' : out;
}

/** valibot's messages quote the received value; a huge string must not become a huge message. */
function shortMessage(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** The first `max` issues, located (valibot reports nested union failures inside `issues`). */
export function locateIssues(issues: readonly BaseIssue<unknown>[], max: number): LocatedIssue[] {
  return issues.slice(0, max).map((i) => ({ path: issuePath(i), message: shortMessage(i.message) }));
}
