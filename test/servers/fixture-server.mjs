#!/usr/bin/env node
/**
 * A local stand-in for huggingface.co / raw.githubusercontent.com in tests and benches: a static
 * file server that honours HTTP Range (206 + Content-Range), answers CORS like the HF CDN, logs
 * every request, and injects faults on demand through the path:
 *
 *   /files/<path>                 the file under --root (default test/fixtures/www)
 *   /hub/<path>                   like the Hub: a `…/resolve/…` path answers 302 to a signed URL on
 *                                 the second port (--hub-port) that expires after --signed-ttl
 *                                 seconds (then 403); other paths are served as /files/
 *   /fault/404/<path>             404
 *   /fault/429/<path>             429 with a RateLimit header (t=1)
 *   /fault/retry-after/<path>     429 with Retry-After: 86400 (a day) and no RateLimit header
 *   /fault/no-cors/<path>         the file without Access-Control-Allow-Origin (the browser refuses it)
 *   /fault/ignore-range/<path>    200 with the whole body, as a server that ignores Range
 *   /fault/drop/<path>            sends half of the requested bytes, then destroys the socket
 *   /fault/stall/<path>           sends the headers and half of the bytes, then nothing (socket left open)
 *   /fault/corrupt/<path>         the right length, but every byte after the first 4 inverted
 *   /fault/flip/<path>            the right length, one byte in every 4 KB inverted (not the footer:
 *                                 ranges that reach the file's last 64 KB are served intact)
 *   /fault/once-<mode>/<path>     that fault on the first request for <path> only, then normal
 *   /log                          JSON array of logged requests {method, path, range, status, bytes, port, t}
 *   /log/reset                    clears the log
 *   /control?latency=MS&ttl=S     sets the added latency per request and the signed URLs' lifetime
 *   /health                       200 "ok"
 *
 * Options: --port, --root, --hub-port (second origin for signed URLs), --signed-ttl (seconds,
 * default 60), --latency (ms added before every answer, both ports, default 0).
 * Only ever listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { createReadStream, statSync, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve, normalize, join } from 'node:path';

const args = process.argv.slice(2);
const argOf = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const port = Number(argOf('--port', process.env.PORT ?? 4175));
const hubPort = Number(argOf('--hub-port', 0));
const root = resolve(argOf('--root', 'test/fixtures/www'));
const settings = { latency: Number(argOf('--latency', 0)), ttl: Number(argOf('--signed-ttl', 60)) };

const log = [];
const onceSeen = new Set();
const stalled = new Set();
const t0 = Date.now();

function cors(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
  res.setHeader('Access-Control-Expose-Headers', 'Accept-Ranges, Content-Range, Content-Length, ETag, RateLimit, Retry-After');
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

async function readSlice(file, start, end) {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(end - start + 1);
    await fh.read(buf, 0, buf.length, start);
    return buf;
  } finally {
    await fh.close();
  }
}

const fileOf = (rel) => {
  const file = normalize(join(root, decodeURIComponent(rel)));
  return file.startsWith(root) && existsSync(file) && statSync(file).isFile() ? file : null;
};

/** Serves `rel` with Range support, applying `mode` (a fault or 'none'). */
async function serveFile(req, res, rel, mode, finish) {
  const file = fileOf(rel);
  if (!file) {
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
  if (mode === '429' || mode === 'retry-after') {
    res.statusCode = 429;
    if (mode === '429') res.setHeader('RateLimit', '"resolvers";r=0;t=1');
    res.setHeader('Retry-After', mode === '429' ? '1' : '86400');
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
  if (mode === 'drop' || mode === 'stall') {
    // Half the body. A drop sends none of a 1-byte probe's (its one byte would complete the
    // response); a stall sends it (a probe that stalls is not what the stall tests are about).
    const half = mode === 'drop' ? Math.floor(length / 2) : Math.max(1, Math.floor(length / 2));
    const buf = half > 0 ? await readSlice(file, start, start + half - 1) : Buffer.alloc(0);
    // `Connection: close`: otherwise the browser may reuse this socket for its next request, which
    // the drop's destroy would cut, or which would queue behind the stalled answer (a second,
    // unplanned fault).
    res.setHeader('Connection', 'close');
    if (mode === 'drop') {
      res.write(buf, () => setTimeout(() => req.socket.destroy(), 20));
    } else {
      // Headers and half the body, then silence: only the client's read timeout ends it.
      res.write(buf);
      stalled.add(res);
    }
    finish(res.statusCode, buf.length);
    return;
  }
  if (mode === 'corrupt' || mode === 'flip') {
    const buf = await readSlice(file, start, end);
    if (mode === 'corrupt') for (let i = 4; i < buf.length; i++) buf[i] = 255 - buf[i];
    else if (end < size - 64 * 1024) for (let i = 2048; i < buf.length; i += 4096) buf[i] = 255 - buf[i];
    res.end(buf);
    finish(res.statusCode, buf.length);
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
  finish(res.statusCode, length);
}

/** A signature that only this process can check (the point is expiry, not secrecy). */
const sign = (path, exp) => Buffer.from(`${path}|${exp}|${t0}`).toString('base64url').slice(-16);

function handler(which) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${which === 'hub' ? hubPort : port}`);
    const entry = { method: req.method, path: url.pathname, range: req.headers.range ?? null, status: 0, bytes: 0, port: which, t: Date.now() - t0 };
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
      for (const r of stalled) r.destroy();
      stalled.clear();
      cors(res);
      res.end('ok');
      return;
    }
    if (url.pathname === '/control') {
      if (url.searchParams.has('latency')) settings.latency = Number(url.searchParams.get('latency'));
      if (url.searchParams.has('ttl')) settings.ttl = Number(url.searchParams.get('ttl'));
      cors(res);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(settings));
      return;
    }
    if (req.method === 'OPTIONS') {
      cors(res);
      res.statusCode = 204;
      res.end();
      finish(204);
      return;
    }
    if (settings.latency > 0) await new Promise((r) => setTimeout(r, settings.latency));

    if (which === 'hub') {
      // The signed-URL origin: valid until its expiry, then 403 like an expired CDN signature.
      const m = /^\/signed\/(.+)$/.exec(url.pathname);
      const exp = Number(url.searchParams.get('exp'));
      if (!m || url.searchParams.get('sig') !== sign(m[1], exp)) {
        cors(res);
        res.statusCode = 404;
        res.end('not found');
        finish(404);
        return;
      }
      if (Date.now() > exp) {
        cors(res);
        res.statusCode = 403;
        res.end('Request has expired');
        finish(403);
        return;
      }
      await serveFile(req, res, m[1], 'none', finish);
      return;
    }

    let mode = 'none';
    let rel;
    const fault = /^\/fault\/([a-z0-9-]+)\/(.+)$/.exec(url.pathname);
    const hub = /^\/hub\/(.+)$/.exec(url.pathname);
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
    } else if (hub) {
      rel = hub[1];
      if (hubPort && rel.includes('/resolve/') && fileOf(rel)) {
        const exp = Date.now() + settings.ttl * 1000;
        cors(res);
        res.statusCode = 302;
        res.setHeader('Location', `http://127.0.0.1:${hubPort}/signed/${rel}?exp=${exp}&sig=${sign(rel, exp)}`);
        res.end();
        finish(302);
        return;
      }
    } else if (url.pathname.startsWith('/files/')) {
      rel = url.pathname.slice('/files/'.length);
    } else {
      res.statusCode = 404;
      res.end('not found');
      finish(404);
      return;
    }
    await serveFile(req, res, rel, mode, finish);
  };
}

const main = createServer(handler('main'));
main.listen(port, '127.0.0.1', () => {
  console.log(`fixture server on http://127.0.0.1:${port} serving ${root}`);
});
if (hubPort) {
  createServer(handler('hub')).listen(hubPort, '127.0.0.1', () => {
    console.log(`signed URLs on http://127.0.0.1:${hubPort} (expire after ${settings.ttl} s)`);
  });
}
