#!/usr/bin/env node
// Benchmark: `ticket list --limit 0 --json` (the built binary) over N customer requests (default
// 2,000) on the loopback JSM fake, which caps pages at 50 like servicedeskapi. Reports the requests
// the fake received, the wall time (median of RUNS) and that every request came back.
//
//   npm run build && node bench/jsm-list.mjs
//   BENCH_N=500 BENCH_RUNS=3 node bench/jsm-list.mjs
//
// The fake (TypeScript) is bundled on the fly with esbuild; the binary runs as a child process.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const out = join(root, 'node_modules', '.cache', 'ticket-bench', 'jsm-fake.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({ entryPoints: [join(root, 'test/fakes/jsm-server.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'error' });
const { startJsmFake } = await import(pathToFileURL(out).href);

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin/ticket.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let err = '';
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`exit ${code}: ${err}`));
      else resolve({ ms, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

const fake = await startJsmFake({ seedRequests: N });
const home = mkdtempSync(join(tmpdir(), 'ticket-bench-jsm-'));
const env = { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C', TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
const times = [];
let requests = 0;
let listed = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    const before = fake.counts.requests;
    const r = await run(['list', '--limit', '0', '--json'], env);
    requests = fake.counts.requests - before;
    listed = JSON.parse(r.stdout).length;
    times.push(r.ms);
  }
} finally {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const result = {
  bench: 'jsm-list',
  requestsInFake: N,
  listed,
  requestsMade: requests,
  pagesOf: 50,
  runs: RUNS,
  medianMs: Math.round(times[Math.floor(times.length / 2)]),
  minMs: Math.round(times[0]),
};
console.log(JSON.stringify(result));
process.exitCode = listed === N ? 0 : 1;
