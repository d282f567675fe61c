// Integration against the loopback fault server: rate limits, dropped connections, slow answers, 500s.
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../helpers/fault-server.js';
import { createHttpFakeBackend } from '../../helpers/http-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { runBulk } from '../../../src/commands/ticket/bulk.js';
import { submitCreate } from '../../../src/operations/submit.js';
import { sendOutbox } from '../../../src/outbox/send.js';
import { list } from '../../../src/outbox/store.js';
import { UnavailableError } from '../../../src/errors.js';
import type { CreateInput } from '../../../src/model.js';
import { virtualTime } from '../../helpers/clock.js';

let server: FaultServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const input = (i: number): CreateInput => ({
  category: 'IT',
  subject: `create-${i}`,
  body: `body ${i}`,
  priority: 'normal',
  type: 'incident',
  fields: {},
  attachments: [],
  cc: [],
  tags: [],
});

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)))));
  return out;
}

function subjectsCreatedOnce(s: FaultServer, n: number) {
  const bySubject = new Map<string, number>();
  for (const t of s.tickets.values()) bySubject.set(t.subject, (bySubject.get(t.subject) ?? 0) + 1);
  const duplicates = [...bySubject.values()].filter((c) => c > 1).length;
  const lost = Array.from({ length: n }, (_, i) => `create-${i}`).filter((x) => !bySubject.has(x)).length;
  return { duplicates, lost };
}

describe('fault server', () => {
  it('60 bulk updates under 20 requests per 2 s: no failure, and nothing sent during a Retry-After pause (virtual clock)', async () => {
    const vt = virtualTime();
    server = await startFaultServer({ rateLimit: { limit: 20, windowMs: 2000 }, clock: vt.clock });
    const ids = server.seed(60, 'pending');
    const backend = createHttpFakeBackend(server.url, { client: { now: vt.now, clock: vt.clock, sleep: vt.sleep } });
    const ctx = fakeContext(backend, { json: true, now: vt.now });
    await runBulk(ctx, { ids: ids.join(','), status: 'solved', concurrency: '8' });
    await backend.close?.();
    const lines = ctx.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.ok && l.action === 'updated')).toHaveLength(60);
    expect([...server.tickets.values()].every((t) => t.status === 'solved')).toBe(true);
    expect(server.counts.r429).toBeGreaterThan(0); // the limit was really hit
    // The client waited out "Retry-After: 2" (and the margin) on the clock, not by retrying at once.
    expect(vt.sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...vt.sleeps)).toBeGreaterThanOrEqual(2000);
    // 60 requests at 20 per 2 s cannot be done before two more windows have passed.
    expect(vt.elapsed()).toBeGreaterThanOrEqual(4000);
    expect(server.violations).toEqual([]);
  });

  it('200 creates whose connection drops after the server processed them: 0 duplicates, 0 lost (server idempotency key)', async () => {
    server = await startFaultServer({ dropCreatesAfterProcessing: 1, serverIdempotency: true });
    const backend = createHttpFakeBackend(server.url, { idempotentCreate: true, client: { retry: { baseMs: 5, capMs: 20 } } });
    const ctx = fakeContext(backend);
    const results = await inBatches(200, 20, (i) => submitCreate(ctx, backend, input(i)));
    await backend.close?.();
    expect(results.every((r) => r.action === 'created')).toBe(true);
    expect(server.counts.dropped).toBe(200);
    expect(subjectsCreatedOnce(server, 200)).toEqual({ duplicates: 0, lost: 0 });
    expect(list(ctx.paths.state).items).toHaveLength(0);
  }, 60_000);

  it('200 creates whose connection drops after processing: 0 duplicates, 0 lost (lookup by idempotency marker, outbox)', async () => {
    // Two drops per create: the immediate lookup sees the ticket; for the rest, the outbox reconciles.
    server = await startFaultServer({ dropCreatesAfterProcessing: 1 });
    const backend = createHttpFakeBackend(server.url, { lookup: true, client: { retry: { baseMs: 5, capMs: 20 } } });
    const ctx = fakeContext(backend);
    // Make every other immediate lookup fail, so half the creates go through the outbox.
    const find = backend.findByIdempotencyKey!;
    let n = 0;
    backend.findByIdempotencyKey = async (k) => {
      if (n++ % 2 === 0) throw new UnavailableError('lookup failed', { data: { sent: false } });
      return find(k);
    };
    const outcomes = await inBatches(200, 20, (i) => submitCreate(ctx, backend, input(i)).then(() => 'created', (e) => e.code));
    expect(outcomes.filter((o) => o === 'queued').length).toBeGreaterThan(50);
    backend.findByIdempotencyKey = find;
    const lines: unknown[] = [];
    const summary = await sendOutbox(ctx, backend, { profileName: null, onLine: (l) => lines.push(l) });
    await backend.close?.();
    expect(summary.failed).toBe(0);
    expect(list(ctx.paths.state).items).toHaveLength(0);
    expect(subjectsCreatedOnce(server, 200)).toEqual({ duplicates: 0, lost: 0 });
  }, 60_000);

  it('a slow server times out: a GET is retried, a POST is not re-sent and reports it may have been received', async () => {
    server = await startFaultServer({ slowRate: 1, slowMs: 1500 });
    const backend = createHttpFakeBackend(server.url, { client: { timeoutMs: 200, retry: { maxAttempts: 2, baseMs: 10, capMs: 10 } } });
    const get = await backend.getTicket('1').catch((e) => e);
    expect(get).toBeInstanceOf(UnavailableError);
    expect(server.counts.requests).toBe(2);
    const post = await backend.createTicket(input(1)).catch((e) => e);
    expect(post).toBeInstanceOf(UnavailableError);
    expect(post.data.sent).toBe(true);
    expect(server.counts.requests).toBe(3);
    await backend.close?.();
  }, 30_000);

  it('500s: idempotent updates are retried until they succeed', async () => {
    server = await startFaultServer({ errorRate: 0.3, seed: 7 });
    const ids = server.seed(30, 'open');
    const backend = createHttpFakeBackend(server.url, { client: { retry: { maxAttempts: 8, baseMs: 5, capMs: 50 } } });
    const ctx = fakeContext(backend, { json: true });
    await runBulk(ctx, { ids: ids.join(','), priority: 'high' });
    await backend.close?.();
    expect(server.counts.r500).toBeGreaterThan(0);
    expect([...server.tickets.values()].every((t) => t.priority === 'high')).toBe(true);
  }, 30_000);

  it('native bulk goes in chunks of maxBulk', async () => {
    server = await startFaultServer({});
    const ids = server.seed(25, 'open');
    const backend = createHttpFakeBackend(server.url, { native: true, maxBulk: 10 });
    const ctx = fakeContext(backend, { json: true });
    await runBulk(ctx, { ids: ids.join(','), status: 'solved' });
    await backend.close?.();
    expect(server.log.filter((l) => l.path === '/tickets/bulk')).toHaveLength(3);
  });
});

describe('secrets never reach the server', () => {
  it('ci-failure with a log full of secrets of every kind: none appears in any request the server received', async () => {
    const { runCiFailure } = await import('../../../src/commands/ci-failure.js');
    const { CORPUS, ENV } = await import('../../helpers/secret-corpus.js');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    server = await startFaultServer({});
    const backend = createHttpFakeBackend(server.url);
    const dir = mkdtempSync(join(tmpdir(), 'cilog-'));
    const log = join(dir, 'job.log');
    writeFileSync(log, ['npm ci', ...CORPUS.map((c) => c[1]), 'Error: deploy failed'].join('\n'));
    const env = { ...ENV, JENKINS_URL: 'https://ci.example/', JOB_NAME: 'deploy', GIT_URL: 'https://bot:Sup3rS3cretPw@git.example/acme/app.git', BUILD_TAG: 'b-1' };
    for (const run of ['b-1', 'b-2']) {
      const ctx = fakeContext(backend, { json: true, env: { ...env, BUILD_TAG: run } });
      await runCiFailure(ctx, { log, category: 'IT' });
      expect(ctx.out()).toMatch(/"ok":true/);
    }
    await backend.close?.();
    expect(server.tickets.size).toBe(1);
    const seen = server.raw.join('\n');
    expect(seen).toContain('Error: deploy failed');
    for (const [kind, , secret] of CORPUS) expect(seen.includes(secret), kind).toBe(false);
    expect(seen).not.toContain('Sup3rS3cretPw');
  });
});
