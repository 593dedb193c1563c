#!/usr/bin/env node
/**
 * A local stand-in for huggingface.co / raw.githubusercontent.com in tests: a static file
 * server that honours HTTP Range (206 + Content-Range), answers CORS like the HF CDN, logs
 * every request, and injects faults on demand through the path:
 *
 *   /files/<path>                 the file under --root (default test/fixtures/www)
 *   /fault/404/<path>             404
 *   /fault/429/<path>             429 with a RateLimit header (t=1)
 *   /fault/no-cors/<path>         the file without Access-Control-Allow-Origin (the browser refuses it)
 *   /fault/ignore-range/<path>    200 with the whole body, as a server that ignores Range
 *   /fault/drop/<path>            sends half of the requested bytes, then destroys the socket
 *   /fault/corrupt/<path>         the right length, but every byte after the first 4 inverted
 *   /fault/once-<mode>/<path>     that fault on the first request for <path> only, then normal
 *   /log                          JSON array of logged requests {method, path, range, status, bytes}
 *   /log/reset                    clears the log
 *   /health                       200 "ok"
 *
 * Only ever listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { createReadStream, statSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve, normalize, join } from 'node:path';

const args = process.argv.slice(2);
const argOf = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const port = Number(argOf('--port', process.env.PORT ?? 4175));
const root = resolve(argOf('--root', 'test/fixtures/www'));

const log = [];
const onceSeen = new Set();

function cors(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
  res.setHeader('Access-Control-Expose-Headers', 'Accept-Ranges, Content-Range, Content-Length, ETag, RateLimit');
}

function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m) return null;
  let start, end;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  const entry = { method: req.method, path: url.pathname, range: req.headers.range ?? null, status: 0, bytes: 0 };
  const finish = (status, bytes = 0) => {
    entry.status = status;
    entry.bytes = bytes;
    log.push(entry);
  };

  if (url.pathname === '/health') {
    res.end('ok');
    return;
  }
  if (url.pathname === '/log') {
    cors(res);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(log));
    return;
  }
  if (url.pathname === '/log/reset') {
    log.length = 0;
    onceSeen.clear();
    cors(res);
    res.end('ok');
    return;
  }
  if (req.method === 'OPTIONS') {
    cors(res);
    res.statusCode = 204;
    res.end();
    finish(204);
    return;
  }

  let mode = 'none';
  let rel;
  const fault = /^\/fault\/([a-z0-9-]+)\/(.+)$/.exec(url.pathname);
  if (fault) {
    mode = fault[1];
    rel = fault[2];
    if (mode.startsWith('once-')) {
      const key = `${mode}:${rel}`;
      if (onceSeen.has(key)) mode = 'none';
      else {
        onceSeen.add(key);
        mode = mode.slice(5);
      }
    }
  } else if (url.pathname.startsWith('/files/')) {
    rel = url.pathname.slice('/files/'.length);
  } else {
    res.statusCode = 404;
    res.end('not found');
    finish(404);
    return;
  }

  const file = normalize(join(root, decodeURIComponent(rel)));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    cors(res);
    res.statusCode = 404;
    res.end('not found');
    finish(404);
    return;
  }
  if (mode !== 'no-cors') cors(res);
  if (mode === '404') {
    res.statusCode = 404;
    res.end('not found');
    finish(404);
    return;
  }
  if (mode === '429') {
    res.statusCode = 429;
    res.setHeader('RateLimit', '"resolvers";r=0;t=1');
    res.setHeader('Retry-After', '1');
    res.end('Too Many Requests');
    finish(429);
    return;
  }

  const size = statSync(file).size;
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', `"${size}"`);
  const range = mode === 'ignore-range' ? null : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${size}`);
    res.end();
    finish(416);
    return;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  const length = end - start + 1;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', String(length));
  if (req.method === 'HEAD') {
    res.end();
    finish(res.statusCode);
    return;
  }
  if (mode === 'drop') {
    const buf = (await readFile(file)).subarray(start, start + Math.floor(length / 2));
    res.write(buf, () => setTimeout(() => req.socket.destroy(), 20));
    finish(res.statusCode, buf.length);
    return;
  }
  if (mode === 'corrupt') {
    const buf = Buffer.from((await readFile(file)).subarray(start, end + 1));
    for (let i = 4; i < buf.length; i++) buf[i] = 255 - buf[i];
    res.end(buf);
    finish(res.statusCode, buf.length);
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
  finish(res.statusCode, length);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`fixture server on http://127.0.0.1:${port} serving ${root}`);
});
