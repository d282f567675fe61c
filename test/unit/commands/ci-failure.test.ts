import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FakeBackend } from '../../helpers/fault-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { runCiFailure, type CiFailureFlags } from '../../../src/commands/ci-failure.js';
import { CORPUS, ENV } from '../../helpers/secret-corpus.js';
import { list } from '../../../src/outbox/store.js';
import { QueuedError } from '../../../src/errors.js';
import type { CreateInput } from '../../../src/model.js';

const SEED = Number(process.env.FC_SEED ?? 20261123);

const GH = (run: string) => ({
  ...ENV,
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: 'abc1234def',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'test',
  GITHUB_RUN_ID: run,
  GITHUB_SERVER_URL: 'https://github.com',
});

function logFile(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'cilog-')), 'job.log');
  writeFileSync(p, text);
  return p;
}

const LOG = (n: number) => `2026-11-23T10:00:0${n}Z starting\nnpm test\nError: connect ECONNREFUSED 127.0.0.1:${5000 + n}\n    at /tmp/run-${n}/x.js:1:1\n`;

async function run(b: FakeBackend, home: string, env: Record<string, string>, flags: CiFailureFlags) {
  const ctx = fakeContext(b, { home, env, json: true });
  let error: unknown = null;
  await runCiFailure(ctx, flags).catch((e) => (error = e));
  return { lines: ctx.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)), err: ctx.err(), error };
}

describe('ticket ci-failure', () => {
  it('creates, then comments once per run, then reopens a solved ticket', async () => {
    const b = new FakeBackend();
    const home = mkdtempSync(join(tmpdir(), 'ci-'));
    const r1 = await run(b, home, GH('100'), { log: logFile(LOG(1)) });
    expect(r1.lines).toMatchObject([{ id: '1', ok: true, action: 'created' }]);
    const created = b.calls.find((c) => c.op === 'create')!.args as CreateInput;
    expect(created.subject).toContain('acme/app');
    expect(created.body).toContain('https://github.com/acme/app/actions/runs/100');
    expect(created.dedupeKey).toMatch(/^ci-/);

    // Another run, same failure with other noise: a comment.
    const r2 = await run(b, home, GH('101'), { log: logFile(LOG(2)) });
    expect(r2.lines).toMatchObject([{ id: '1', action: 'commented' }]);
    // The same run again (a retried step): no second comment.
    const r3 = await run(b, home, GH('101'), { log: logFile(LOG(3)) });
    expect(r3.lines).toMatchObject([{ id: '1', action: 'commented', alreadyReported: true }]);
    expect(b.tickets.get('1')!.comments).toHaveLength(2);

    b.tickets.get('1')!.status = 'solved';
    const r4 = await run(b, home, GH('102'), { log: logFile(LOG(4)) });
    expect(r4.lines).toMatchObject([{ id: '1', action: 'reopened' }]);
    expect(b.tickets.get('1')!.status).toBe('open');
    expect(b.tickets.size).toBe(1);
  });

  it('caps new tickets per pipeline run', async () => {
    const b = new FakeBackend();
    const home = mkdtempSync(join(tmpdir(), 'ci-'));
    await run(b, home, GH('7'), { log: logFile('Error: one'), maxNew: '1' });
    // Another job of the same pipeline run counts too.
    const r = await run(b, home, { ...GH('7'), GITHUB_JOB: 'lint' }, { log: logFile('Error: two'), maxNew: '1' });
    expect(r.lines).toMatchObject([{ action: 'suppressed', reason: 'max-new' }]);
    expect(b.tickets.size).toBe(1);
  });

  it('--dry-run prints fingerprint, signature, decision and redaction counts, and sends nothing', async () => {
    const b = new FakeBackend();
    const secret = CORPUS[0]![2];
    const r = await run(b, mkdtempSync(join(tmpdir(), 'ci-')), GH('1'), { log: logFile(`token ${secret}\nError: boom 42`), dryRun: true });
    expect(r.lines[0]).toMatchObject({ dryRun: true, decision: 'create', signature: 'Error: boom <n>', redactions: { 'github-token': 1 } });
    expect(r.lines[0].fingerprint).toMatch(/^ci-[0-9a-f]{32}$/);
    expect(JSON.stringify(r.lines)).not.toContain(secret);
    expect(b.count('create') + b.count('reply')).toBe(0);
  });

  it('never fails the pipeline when filing fails, unless --strict', async () => {
    const b = new FakeBackend();
    b.createTicket = async () => {
      throw new Error('backend bug');
    };
    const home = mkdtempSync(join(tmpdir(), 'ci-'));
    const soft = await run(b, home, GH('5'), { log: logFile('Error: x') });
    expect(soft.error).toBeNull();
    expect(soft.err).toMatch(/could not be filed/);
    expect(soft.lines[0]).toMatchObject({ ok: false });
    const strict = await run(b, home, GH('6'), { log: logFile('Error: x'), strict: true });
    expect(strict.error).toBeTruthy();
  });

  it('queues to the outbox (exit 7) when the backend is unreachable, log already redacted', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'find', when: 'before', times: 2 });
    const home = mkdtempSync(join(tmpdir(), 'ci-'));
    const secret = CORPUS.find((c) => c[0] === 'akia')![2];
    const r = await run(b, home, GH('9'), { log: logFile(`AWS ${secret}\nError: nope`), category: 'IT' });
    expect(r.error).toBeInstanceOf(QueuedError);
    expect(r.lines).toMatchObject([{ action: 'queued' }]);
    const item = list(join(home, 'state')).items[0]!;
    expect(item.create!.dedupeKey).toMatch(/^ci-/);
    expect(JSON.stringify(item)).not.toContain(secret);
  });

  it('no secret of any listed kind reaches what is sent to the backend (property)', async () => {
    const noise = fc.array(fc.string({ unit: fc.constantFrom(...'abcdefghij klmnop:=/-_0123456789'.split('')), maxLength: 40 }), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(noise, fc.subarray(CORPUS, { minLength: 1 }), noise, async (before, secrets, after) => {
        const b = new FakeBackend();
        const log = [...before, ...secrets.map((s) => s[1]), 'Error: failed to deploy', ...after].join('\n');
        await run(b, mkdtempSync(join(tmpdir(), 'ci-')), GH('1'), { log: logFile(log) });
        const sent = JSON.stringify(b.calls);
        return b.count('create') === 1 && secrets.every(([, , secret]) => !sent.includes(secret));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
