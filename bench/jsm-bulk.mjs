#!/usr/bin/env node
// Benchmark: N emulated bulk transitions (default 1,000) through `ticket bulk`'s code path, the JSM
// adapter and the shared HTTP client, against the loopback JSM fake limiting every call to LIMIT
// requests per WINDOW (default 100 per 10 s, sliding window, 429 + Retry-After + X-RateLimit-*).
// JSM has no bulk endpoint, so each request costs: its read (bulk loads the current state), the
// transitions it offers, the transition, and the read-back that shows what really happened.
// Reports the accepted requests, the 429s, requests sent during a Retry-After pause, and the wall
// time against the minimum the limit allows for those requests (requests × WINDOW / LIMIT).
//
//   node bench/jsm-bulk.mjs                                   # ~7 min: 4,000 requests at 10/s
//   BENCH_N=250 node bench/jsm-bulk.mjs                      # same limit, a quarter of the work
//
// The TypeScript sources are bundled on the fly with esbuild.
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
import { startJsmFake } from './test/fakes/jsm-server.ts';
import { createJsmBackend } from './src/backends/jsm/index.ts';
import { fakeContext } from './test/helpers/context.ts';
import { runBulk } from './src/commands/ticket/bulk.ts';
export { startJsmFake, createJsmBackend, fakeContext, runBulk };
`;
const out = join(root, 'node_modules', '.cache', 'ticket-bench', 'jsm-bulk.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({ stdin: { contents: entry, resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'error' });
const { startJsmFake, createJsmBackend, fakeContext, runBulk } = await import(pathToFileURL(out).href);

const fake = await startJsmFake({ seedRequests: N, rateLimit: { limit: LIMIT, windowMs: WINDOW } });
const backend = createJsmBackend({
  profile: { backend: 'jsm', url: fake.url, user: fake.email, token: fake.token, serviceDeskId: '1', profileName: 'bench', sources: {} },
  paths: { config: '/nonexistent', state: '/nonexistent', data: '/nonexistent' },
  env: {},
  now: () => new Date(),
  lang: 'en',
});
const ids = [...fake.requests.keys()];
const ctx = fakeContext(backend, { json: true });
const t0 = Date.now();
let error = null;
await runBulk(ctx, { ids: ids.join(','), status: 'solved', concurrency: CONCURRENCY }).catch((e) => (error = e));
const elapsed = (Date.now() - t0) / 1000;
await backend.close();
await fake.close();

const lines = ctx.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const failures = lines.filter((l) => !l.ok).length;
const solved = [...fake.requests.values()].filter((r) => r.status === 'Resolved').length;
const accepted = fake.counts.requests - fake.counts.r429;
const minimum = (accepted * WINDOW) / LIMIT / 1000;
const result = {
  bench: 'jsm-bulk',
  transitions: N,
  limit: `${LIMIT} per ${WINDOW / 1000} s`,
  concurrency: Number(CONCURRENCY),
  failures,
  solved,
  acceptedRequests: accepted,
  requestsPerTransition: Number((accepted / N).toFixed(2)),
  r429: fake.counts.r429,
  sentDuringPause: fake.violations,
  seconds: Number(elapsed.toFixed(1)),
  minimumSeconds: Number(minimum.toFixed(1)),
  ratio: Number((elapsed / minimum).toFixed(3)),
  error: error ? String(error.message) : null,
};
console.log(JSON.stringify(result));
process.exitCode = failures || solved !== N || result.ratio > 1.15 ? 1 : 0;
