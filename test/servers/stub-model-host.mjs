#!/usr/bin/env node
/**
 * A stand-in for a model host (Hugging Face + the web-llm library CDN) that serves a real
 * mlc-chat-config.json but no usable library or weights, for the e2e test that the real
 * worker and web-llm bundle fail fast with a mapped message instead of hanging.
 *
 *   /m/resolve/main/mlc-chat-config.json   the committed pollux-judge-7b q4f32_1 config
 *   /bad-libs/manifest.json                a library manifest whose SHA-256 for every file does
 *                                          not match the bytes served next to it
 *   /bad-libs/<name>.wasm                  the stand-in library of test/fixtures/webgpu-libs
 *   anything else                          404
 *   /log                                   JSON array of requested paths
 *
 * CORS like the HF CDN. Importable: `startStubModelHost()` → {url, log(), close()}; or run with --port.
 * Only ever listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CONFIG = readFileSync(new URL('../../model-configs/configs/pollux-judge-7b-q4f32_1-MLC/mlc-chat-config.json', import.meta.url));
const STAND_IN_LIB = readFileSync(new URL('../fixtures/webgpu-libs/Qwen3-4B-q4f16_1_cs1k-webgpu.wasm', import.meta.url));
/** The hash of other bytes than the ones served: a library that changed under the site. */
const WRONG_SHA = createHash('sha256').update(Buffer.concat([STAND_IN_LIB, Buffer.from('rebuilt upstream')])).digest('hex');
const LIB_NAMES = ['Qwen2-7B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm', 'Qwen3-4B-q4f16_1_cs1k-webgpu.wasm', 'Qwen3-4B-q4f32_1_cs1k-webgpu.wasm'];

export async function startStubModelHost({ port = 0 } = {}) {
  const log = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    if (path === '/log') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(log));
    log.push(path);
    if (path === '/m/resolve/main/mlc-chat-config.json') {
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(CONFIG);
    }
    if (path === '/bad-libs/manifest.json') {
      const files = Object.fromEntries(LIB_NAMES.map((n) => [n, { sha256: WRONG_SHA, bytes: STAND_IN_LIB.length }]));
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ webllm: '0.2.86', files }));
    }
    if (path.startsWith('/bad-libs/') && LIB_NAMES.includes(path.slice('/bad-libs/'.length))) {
      return res.writeHead(200, { 'Content-Type': 'application/wasm' }).end(STAND_IN_LIB);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : port}`;
  return {
    url,
    log: () => [...log],
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--port');
  const h = await startStubModelHost({ port: Number(i === -1 ? 4180 : process.argv[i + 1]) });
  console.log(`stub model host on ${h.url}`);
}
