/**
 * Progress without cost: byte counts arrive with every network chunk (thousands per second on a
 * fast link), but the page needs at most ten updates a second. `throttle` coalesces calls into one
 * `emit` per interval; `flush` emits what is pending at once (end of a read). The timer functions
 * are injectable for tests.
 */
export interface Throttle {
  /** Something changed: emit within `intervalMs`. */
  poke(): void;
  /** Emit now if anything is pending. */
  flush(): void;
}

export interface TimerFns {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: TimerFns = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function throttle(emit: () => void, intervalMs: number, timers: TimerFns = realTimers): Throttle {
  let handle: unknown = null;
  let pending = false;
  const fire = () => {
    handle = null;
    if (!pending) return;
    pending = false;
    emit();
  };
  return {
    poke() {
      pending = true;
      if (handle === null) handle = timers.setTimeout(fire, intervalMs);
    },
    flush() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      if (pending) {
        pending = false;
        emit();
      }
    },
  };
}
