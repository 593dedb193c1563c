#!/usr/bin/env node
// Placeholder: replaced by the scripted OpenAI-compatible server (judge engine work).
import { createServer } from 'node:http';
const i = process.argv.indexOf('--port');
const port = Number(i === -1 ? 4176 : process.argv[i + 1]);
createServer((req, res) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.end(req.url === '/health' ? 'ok' : '{}');
}).listen(port, '127.0.0.1');
