#!/usr/bin/env node
// Benchmark: N creates (default 200) whose connection is dropped after the server created the
// ticket, against the loopback fault server, in two modes: server idempotency (Idempotency-Key,
// retried in the client) and lookup by idempotency marker (+ outbox for the rest). Reports
// duplicates, losses and time.
//
//   node bench/outbox-drops.mjs            BENCH_N=1000 node bench/outbox-drops.mjs
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 200);
const entry = `
export { startFaultServer } from './test/helpers/fault-server.ts';
export { createHttpFakeBackend } from './test/helpers/http-backend.ts';
export { fakeContext } from './test/helpers/context.ts';
export { submitCreate } from './src/operations/submit.ts';
export { sendOutbox } from './src/outbox/send.ts';
export { list } from './src/outbox/store.ts';
`;
const out = join(root, 'node_modules', '.cache', 'ticket-bench', 'outbox-drops.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({ stdin: { contents: entry, resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'error' });
const m = await import(pathToFileURL(out).href);

const input = (i) => ({ category: 'IT', subject: `create-${i}`, body: `body ${i}`, priority: 'normal', type: 'incident', fields: {}, attachments: [], cc: [], tags: [] });

async function mode(name, serverOpts, backendOpts) {
  const server = await m.startFaultServer({ dropCreatesAfterProcessing: 1, ...serverOpts });
  const backend = m.createHttpFakeBackend(server.url, { ...backendOpts, client: { retry: { baseMs: 5, capMs: 20 } } });
  const ctx = m.fakeContext(backend, { home: mkdtempSync(join(tmpdir(), 'bench-outbox-')) });
  const t0 = Date.now();
  let queued = 0;
  for (let i = 0; i < N; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, N - i) }, (_, k) => m.submitCreate(ctx, backend, input(i + k)).catch((e) => { if (e.code === 'queued') queued++; else throw e; })));
  }
  const summary = await m.sendOutbox(ctx, backend, { profileName: null, onLine: () => {} });
  const seconds = (Date.now() - t0) / 1000;
  await backend.close();
  await server.close();
  const seen = new Map();
  for (const t of server.tickets.values()) seen.set(t.subject, (seen.get(t.subject) ?? 0) + 1);
  const duplicates = [...seen.values()].filter((c) => c > 1).length;
  const lost = Array.from({ length: N }, (_, i) => `create-${i}`).filter((s) => !seen.has(s)).length;
  return { mode: name, creates: N, dropped: server.counts.dropped, queued, sentFromOutbox: summary.sent, left: m.list(ctx.paths.state).items.length, duplicates, lost, seconds };
}

const results = [
  await mode('server-idempotency-key', { serverIdempotency: true }, { idempotentCreate: true }),
  await mode('lookup-by-marker', {}, { lookup: true }),
];
for (const r of results) console.log(JSON.stringify({ bench: 'outbox-drops', ...r }));
process.exitCode = results.some((r) => r.duplicates || r.lost || r.left) ? 1 : 0;
