/**
 * CPU of a launched Chromium, read from /proc (Linux), for the benches that launch one: the data
 * bench (its processes carry the profile directory on their command line) and the Lighthouse bench
 * (the descendants of the browser's pid).
 */
import { readFileSync, readdirSync } from 'node:fs';

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { seconds: (Number(f[11]) + Number(f[12])) / 100, ppid: Number(f[1]) };
}

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));

/**
 * CPU seconds used so far by the Chromium processes of one profile (all of them carry its
 * directory on their command line), split into the page's renderer (main thread and data
 * workers) and the rest (network, storage, GPU, browser, and the browser's own WebUI renderer).
 * CPU time does not grow with the load other processes put on the machine, unlike wall time.
 */
export function profileCpu(profile) {
  const out = { renderer: 0, other: 0 };
  for (const pid of pids()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(profile)) continue;
      const { seconds } = cpuSeconds(pid);
      if (cmd.includes('--type=renderer') && !cmd.includes('top-chrome-webui')) out.renderer += seconds;
      else out.other += seconds;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU seconds used so far by a process and all of its descendants. */
export function treeCpu(rootPid) {
  const procs = new Map();
  for (const pid of pids()) {
    try {
      procs.set(Number(pid), cpuSeconds(pid));
    } catch {
      // ended meanwhile
    }
  }
  const inTree = (pid) => {
    for (let p = pid, k = 0; p > 1 && k < 16; p = procs.get(p)?.ppid ?? 0, k++) if (p === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, { seconds }] of procs) if (inTree(pid)) total += seconds;
  return total;
}

/**
 * Waits until a just-launched browser has finished starting. A user's browser is running before
 * they open the site, while a new Chromium spends its first seconds on its own pages (the
 * omnibox's WebUI and the like: a dozen scripts in another renderer, ≈ 1.8 s of CPU here), which
 * would compete with the page under test for the two cores. Settled: two quarter-seconds in a row
 * with under 20 ms of CPU in all of its processes; at most 15 s. `cpu()` reads the browser's CPU
 * seconds so far. Returns the seconds it waited.
 */
export async function settle(cpu) {
  const t0 = Date.now();
  let last = cpu();
  let quiet = 0;
  while (quiet < 2 && Date.now() - t0 < 15_000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = cpu();
    quiet = now - last < 0.02 ? quiet + 1 : 0;
    last = now;
  }
  return (Date.now() - t0) / 1000;
}
