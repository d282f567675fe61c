#!/usr/bin/env node
// Benchmark: N bulk status updates (default 1,000) through `ticket bulk`'s code path and the shared
// HTTP client, against the loopback fault server limiting to LIMIT requests per WINDOW (default
// 100 per 10 s, sliding window, 429 + Retry-After). Reports failures, 429s, requests sent during a
// Retry-After pause, and the total time against the minimum the limit allows.
//
//   node bench/bulk-ratelimit.mjs                      # ~100 s
//   BENCH_N=200 BENCH_LIMIT=50 BENCH_WINDOW_MS=5000 node bench/bulk-ratelimit.mjs
//
// The TypeScript sources (src/, test/helpers/) are bundled on the fly with esbuild.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 1000);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 100);
const WINDOW = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const CONCURRENCY = String(process.env.BENCH_CONCURRENCY ?? 8);

const entry = `
import { startFaultServer } from './test/helpers/fault-server.ts';
import { createHttpFakeBackend } from './test/helpers/http-backend.ts';
import { fakeContext } from './test/helpers/context.ts';
import { runBulk } from './src/commands/ticket/bulk.ts';
export { startFaultServer, createHttpFakeBackend, fakeContext, runBulk };
`;
const out = join(root, 'node_modules', '.cache', 'ticket-bench', 'bulk-ratelimit.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  logLevel: 'error',
});
const { startFaultServer, createHttpFakeBackend, fakeContext, runBulk } = await import(pathToFileURL(out).href);

const server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: WINDOW } });
const ids = server.seed(N, 'pending');
const backend = createHttpFakeBackend(server.url);
const ctx = fakeContext(backend, { json: true });
const t0 = Date.now();
let error = null;
await runBulk(ctx, { ids: ids.join(','), status: 'solved', concurrency: CONCURRENCY }).catch((e) => (error = e));
const elapsed = (Date.now() - t0) / 1000;
await backend.close();
await server.close();

const lines = ctx.out().trim().split('\n').map((l) => JSON.parse(l));
const failures = lines.filter((l) => !l.ok).length;
const solved = [...server.tickets.values()].filter((t) => t.status === 'solved').length;
const requests = server.counts.requests - server.counts.r429;
// Sustained rate: N updates at LIMIT per WINDOW.
const minRate = (N * WINDOW) / LIMIT / 1000;
// Strict sliding-window bound for the requests actually needed (first LIMIT at once).
const minStrict = ((Math.ceil(requests / LIMIT) - 1) * WINDOW) / 1000;
const result = {
  bench: 'bulk-ratelimit',
  updates: N,
  limit: `${LIMIT} per ${WINDOW / 1000} s`,
  concurrency: Number(CONCURRENCY),
  failures,
  solved,
  acceptedRequests: requests,
  r429: server.counts.r429,
  sentDuringPause: server.violations.length,
  seconds: Number(elapsed.toFixed(1)),
  minimumSeconds: minRate,
  ratio: Number((elapsed / minRate).toFixed(3)),
  strictSlidingWindowMinimumSeconds: minStrict,
  ratioToStrict: minStrict ? Number((elapsed / minStrict).toFixed(3)) : null,
  error: error ? String(error.message) : null,
};
console.log(JSON.stringify(result));
process.exitCode = failures || solved !== N || result.ratio > 1.15 ? 1 : 0;
