/**
 * Resolves in a task of its own, after the current one and its microtasks: how work is split so
 * that input never waits for two pieces at once (on a phone each piece of a page's start is tens
 * of milliseconds). A message to itself rather than a timer: timers are clamped and throttled in
 * background tabs, and a page must not wait a second there to render.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Resolves once what is on the page now has painted: after the next frame, in a task of its own
 * (work queued from a frame's callback would otherwise run before that frame's layout). A
 * background tab gets no frames, so at most 250 ms: what waits for a paint must not wait for a
 * visit.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => void nextTask().then(resolve));
    setTimeout(resolve, 250);
  });
}
