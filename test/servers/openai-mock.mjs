#!/usr/bin/env node
/**
 * A scripted OpenAI-compatible server for tests, shaped like `vllm serve … --allowed-origins '*'`:
 * CORS on every answer (preflight included), GET /v1/models, POST /v1/chat/completions with
 * streaming (SSE `data: {…}` chunks, a final usage chunk when stream_options.include_usage,
 * then `data: [DONE]`) and without. What it answers is chosen by the request's `model`; the
 * vocabulary (valid / malformed / flaky / slow / bare / error / hang / 401 / 429 / nonjson /
 * no-choices) lives in test/support/scenarios.mjs and is documented there.
 *
 *   node test/servers/openai-mock.mjs --port 4176 [--api-key K]
 *
 * With --api-key, every /v1/* request needs `Authorization: Bearer K`, else 401 (as vLLM).
 *
 * Control and inspection (no auth):
 *   GET  /health         200 "ok"
 *   GET  /version        {"version": "0.12.0"} like vLLM (only with ownedBy 'vllm', the default)
 *   GET  /stats          {requests, byPromptHash: {hash: count}, byModel: {model: count}}
 *   GET  /last-request   the JSON body of the last chat.completions request (null before any)
 *   POST /reset          clears the counters (and the flaky scenario's memory)
 *   POST /control        {failNext: n, status: 500, retryAfter?: s}: the next n chat requests fail
 *                        with that status; {dropNext: n}: the next n streams are destroyed after a
 *                        few tokens; {cutNext: n}: the next n streams end early, cleanly, without a
 *                        finish reason; {garbageNext: n}: the next n chat requests get an HTML page
 *                        with status 200 (not a chat completion)
 *
 * Like vLLM, a request with `structured_outputs: {regex}` (or the older `guided_regex`) gets a
 * well-formed judgment whatever the scenario (the constraint is what makes it well formed).
 *   /no-cors/<any path>  the same API without CORS headers (a server that refuses the page's origin)
 *
 * Also importable: `startOpenAIMock({port, apiKey})` → {url, close()} for unit tests.
 * Only ever listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  SCENARIO_MODELS,
  SLOW_TOKEN_MS,
  estimateTokens,
  hashText,
  scenarioText,
  tokenize,
} from '../support/scenarios.mjs';

function cors(req, res) {
  // What Starlette's CORSMiddleware sends with allow_origins=['*'] (vLLM's --allowed-origins).
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type',
  );
  res.setHeader('Access-Control-Max-Age', '600');
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res, status, message, type) {
  sendJson(res, status, { object: 'error', message, type, param: null, code: status });
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The text the judge is asked to judge: the last user message (content string or text parts). */
function lastUserText(messages) {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') {
      if (typeof m.content === 'string') return m.content;
      if (Array.isArray(m.content)) return m.content.map((p) => (p && typeof p.text === 'string' ? p.text : '')).join('');
    }
  }
  return '';
}

export function createOpenAIMock({ apiKey, ownedBy = 'vllm' } = {}) {
  let stats = { requests: 0, byPromptHash: {}, byModel: {} };
  let lastRequest = null;
  let failNext = { n: 0, status: 500, retryAfter: undefined };
  let dropNext = 0;
  let cutNext = 0;
  let garbageNext = 0;
  const hung = new Set();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = url.pathname.replace(/\/+$/, '') || '/';
    // /no-cors/… answers like a server that does not allow this page's origin.
    if (path.startsWith('/no-cors/')) path = path.slice('/no-cors'.length);
    else cors(req, res);
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(200);
        res.end();
        return;
      }
      if (path === '/health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (path === '/stats' && req.method === 'GET') return sendJson(res, 200, stats);
      if (path === '/version' && req.method === 'GET' && ownedBy === 'vllm') return sendJson(res, 200, { version: '0.12.0' });
      if (path === '/last-request' && req.method === 'GET') return sendJson(res, 200, lastRequest);
      if (path === '/reset' && req.method === 'POST') {
        stats = { requests: 0, byPromptHash: {}, byModel: {} };
        lastRequest = null;
        failNext = { n: 0, status: 500, retryAfter: undefined };
        dropNext = 0;
        cutNext = 0;
        garbageNext = 0;
        return sendJson(res, 200, { ok: true });
      }
      if (path === '/control' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}');
        if (typeof body.failNext === 'number') {
          failNext = {
            n: body.failNext,
            status: typeof body.status === 'number' ? body.status : 500,
            retryAfter: typeof body.retryAfter === 'number' ? body.retryAfter : undefined,
          };
        }
        if (typeof body.dropNext === 'number') dropNext = body.dropNext;
        if (typeof body.cutNext === 'number') cutNext = body.cutNext;
        if (typeof body.garbageNext === 'number') garbageNext = body.garbageNext;
        return sendJson(res, 200, { ok: true, failNext, dropNext, cutNext, garbageNext });
      }

      if (path.startsWith('/v1/') && apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
        return sendJson(res, 401, { error: 'Unauthorized' });
      }
      if (path === '/v1/models' && req.method === 'GET') {
        return sendJson(res, 200, {
          object: 'list',
          data: SCENARIO_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: ownedBy, max_model_len: 32768 })),
        });
      }
      if (path === '/v1/chat/completions' && req.method === 'POST') {
        return await chat(req, res);
      }
      sendError(res, 404, `Not found: ${req.method} ${path}`, 'NotFoundError');
    } catch (e) {
      if (!res.headersSent) sendError(res, 400, String(e instanceof Error ? e.message : e), 'BadRequestError');
      else res.destroy();
    }
  });

  async function chat(req, res) {
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'request body is not JSON', 'BadRequestError');
    }
    lastRequest = body;
    const model = typeof body.model === 'string' ? body.model : '';
    const prompt = lastUserText(body.messages);
    const hash = hashText(prompt);
    const seenBefore = stats.byPromptHash[hash] ?? 0;
    stats.requests += 1;
    stats.byPromptHash[hash] = seenBefore + 1;
    stats.byModel[model] = (stats.byModel[model] ?? 0) + 1;

    if (garbageNext > 0) {
      garbageNext -= 1;
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>502 Bad Gateway (proxy)</body></html>');
      return;
    }
    if (failNext.n > 0) {
      failNext.n -= 1;
      if (failNext.retryAfter !== undefined) res.setHeader('Retry-After', String(failNext.retryAfter));
      return sendError(res, failNext.status, `scripted failure (status ${failNext.status})`, 'InternalServerError');
    }
    switch (model) {
      case 'scripted-error':
        return sendError(res, 500, 'scripted internal error', 'InternalServerError');
      case 'scripted-401':
        return sendJson(res, 401, { error: 'Unauthorized' });
      case 'scripted-429':
        res.setHeader('Retry-After', '1');
        return sendError(res, 429, 'rate limited', 'RateLimitError');
      case 'scripted-hang':
        // Keep the socket open without a byte; the client's timeout or abort ends it.
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      case 'scripted-nonjson':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Welcome to nginx!</body></html>');
        return;
      case 'scripted-no-choices':
        return sendJson(res, 200, { id: 'x', object: 'chat.completion', model });
    }
    const constrained = ownedBy === 'vllm' && (typeof body.structured_outputs?.regex === 'string' || typeof body.guided_regex === 'string');
    const varied = constrained || (typeof body.temperature === 'number' && body.temperature > 0);
    const text = scenarioText(model, prompt, seenBefore, varied, constrained);
    if (text === null) {
      return sendError(res, 404, `The model \`${model}\` does not exist.`, 'NotFoundError');
    }

    let tokens = tokenize(text);
    let finish = 'stop';
    if (typeof body.max_tokens === 'number' && body.max_tokens > 0 && tokens.length > body.max_tokens) {
      tokens = tokens.slice(0, body.max_tokens);
      finish = 'length';
    }
    const usage = {
      prompt_tokens: estimateTokens(prompt),
      completion_tokens: tokens.length,
      total_tokens: estimateTokens(prompt) + tokens.length,
    };
    const id = `chatcmpl-${hash}-${stats.requests}`;
    const created = Math.floor(Date.now() / 1000);

    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: finish }],
        usage,
      });
    }

    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const chunk = (choices, extra = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    const delay = model === 'scripted-slow' ? SLOW_TOKEN_MS : 0;
    const drop = model === 'scripted-drop' || (dropNext > 0 && dropNext-- > 0);
    const cut = model === 'scripted-cut' || (!drop && cutNext > 0 && cutNext-- > 0);
    for (const [i, t] of tokens.entries()) {
      if (closed) return;
      if (delay > 0) await sleep(delay);
      if ((drop || cut) && i === 3) {
        if (drop) {
          // Flush what was written, then kill the socket mid-answer.
          await sleep(20);
          res.socket?.destroy();
          return;
        }
        res.write('data: [DONE]\n\n');
        res.end();
        return;
      }
      res.write(chunk([{ index: 0, delta: { content: t }, finish_reason: null }]));
    }
    if (closed) return;
    res.write(chunk([{ index: 0, delta: {}, finish_reason: finish }]));
    if (body.stream_options && body.stream_options.include_usage === true) res.write(chunk([], { usage }));
    res.write('data: [DONE]\n\n');
    res.end();
  }

  return {
    server,
    /** Ends hung responses too, so close() never waits on a scripted-hang socket. */
    closeHung() {
      for (const r of hung) r.destroy();
      hung.clear();
    },
  };
}

/** Starts the mock on 127.0.0.1 (port 0 = any free port). */
export async function startOpenAIMock({ port = 0, apiKey, ownedBy } = {}) {
  const mock = createOpenAIMock({ apiKey, ownedBy });
  await new Promise((resolve) => mock.server.listen(port, '127.0.0.1', resolve));
  const addr = mock.server.address();
  const actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        mock.closeHung();
        mock.server.closeAllConnections?.();
        mock.server.close(() => resolve());
      }),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const args = process.argv.slice(2);
  const argOf = (name, dflt) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : args[i + 1];
  };
  const port = Number(argOf('--port', process.env.PORT ?? 4176));
  const apiKey = argOf('--api-key', undefined);
  const mock = createOpenAIMock({ apiKey });
  mock.server.listen(port, '127.0.0.1', () => {
    console.log(`openai-mock listening on http://127.0.0.1:${port}${apiKey ? ' (api key required)' : ''}`);
  });
}
