/**
 * The dedicated Web Worker that owns the GPU device and the web-llm engine, so loading and
 * generation never block the page. It is web-llm's own handler: requests and replies cross as
 * messages, errors as strings (mapped on the page side by errors-map.ts). A `pollux-ping`
 * message carrying a MessagePort is answered on that port, so the page can tell a dead worker
 * from a busy one without web-llm's own channel seeing an unknown message kind.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (msg: MessageEvent): void => {
  const data: unknown = msg.data;
  if (typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'pollux-ping') {
    msg.ports[0]?.postMessage('pong');
    return;
  }
  handler.onmessage(msg);
};
