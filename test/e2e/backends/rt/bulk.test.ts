// bulk and ci-failure against the real RT 5 server of scripts/rt/start.sh (skipped without RT_URL;
// source $RT_STATE/env). Uses RT's native PUT /tickets/bulk through the RT adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Backend } from '../../../../src/backends/backend.js';
import { runBulk } from '../../../../src/commands/ticket/bulk.js';
import { runCiFailure } from '../../../../src/commands/ci-failure.js';
import { fakeContext } from '../../../helpers/context.js';
import { cleanup, makeBackend, rtEnv, rtUnavailable, tag, tempDir } from '../../../helpers/rt-env.js';
import { CORPUS, ENV } from '../../../helpers/secret-corpus.js';

const why = rtUnavailable();
const env = rtEnv();

describe.runIf(!why)('bulk and ci-failure against RT 5', () => {
  let home: string;
  let rt: Backend;
  const run = tag('auto');

  beforeAll(() => {
    home = tempDir();
    rt = makeBackend(home, { url: env!.url, user: env!.adminUser, password: env!.adminPassword });
  });
  afterAll(async () => {
    await rt?.close?.();
    if (home) cleanup(home);
  });

  it('bulk sets the status with the native endpoint, and a rerun changes nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await rt.createTicket({ category: 'IT', subject: `${run} bulk ${i}`, body: 'x', priority: 'normal', type: null, fields: {}, attachments: [], cc: [], tags: [] });
      ids.push(t.id);
    }
    // A traced backend: the native endpoint is used, and the trace holds no credential.
    const trace: string[] = [];
    const traced = makeBackend(home, { url: env!.url, user: env!.adminUser, password: env!.adminPassword }, { debug: (l) => trace.push(l) });
    const ctx = fakeContext(traced, { json: true, home });
    await runBulk(ctx, { ids: ids.join(','), status: 'solved', comment: `${run} closing` });
    await traced.close?.();
    expect(trace.some((l) => /(PUT|POST) \S*\/tickets\/bulk/.test(l))).toBe(true);
    expect(trace.join('\n')).not.toContain(env!.adminPassword);
    expect(trace.join('\n')).not.toContain(Buffer.from(`${env!.adminUser}:${env!.adminPassword}`).toString('base64'));
    const lines = ctx.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.ok && l.action === 'updated')).toHaveLength(5);
    for (const id of ids) expect((await rt.getTicket(id)).status).toBe('solved');
    const again = fakeContext(rt, { json: true, home });
    await runBulk(again, { ids: ids.join(','), status: 'solved', comment: `${run} closing` });
    expect(again.out().trim().split('\n').map((l) => JSON.parse(l).action)).toEqual(Array(5).fill('unchanged'));
  }, 120_000);

  it('ci-failure: created, then a comment once per run, with no secret in the ticket', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'rtlog-')), 'job.log');
    writeFileSync(log, [...CORPUS.map((c) => c[1]), `Error: ${run} database unreachable`].join('\n'));
    const ghEnv = (id: string) => ({ ...ENV, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: `acme/${run}`, GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'test', GITHUB_RUN_ID: id });
    const out: Record<string, unknown>[] = [];
    for (const id of ['1', '2', '2']) {
      const ctx = fakeContext(rt, { json: true, home, env: ghEnv(id) });
      await runCiFailure(ctx, { log, category: 'IT', strict: true });
      out.push(JSON.parse(ctx.out().trim()));
    }
    expect(out.map((l) => l.action)).toEqual(['created', 'commented', 'commented']);
    expect(out[2]).toMatchObject({ alreadyReported: true });
    const t = await rt.getTicket(String(out[0]!.id), { comments: true });
    const text = JSON.stringify(t);
    for (const [kind, , secret] of CORPUS) expect(text.includes(secret), kind).toBe(false);
    expect(t.comments!.filter((c) => c.body.includes('ticket-ci-run: github:2:test'))).toHaveLength(1);
  }, 120_000);
});
