import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../helpers/fault-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { runBulk, type BulkFlags } from '../../../src/commands/ticket/bulk.js';
import { CancelledError, PartialError, UsageError } from '../../../src/errors.js';
import type { Prompter } from '../../../src/prompts/prompter.js';

async function bulk(b: FakeBackend, flags: BulkFlags, opts: Parameters<typeof fakeContext>[1] = {}) {
  const ctx = fakeContext(b, opts);
  let error: unknown = null;
  await runBulk(ctx, flags).catch((e) => (error = e));
  const lines = ctx.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { lines, err: ctx.err(), error };
}

const mutations = (b: FakeBackend) => b.calls.filter((c) => c.op === 'update' || c.op === 'reply' || c.op === 'bulk').length;

describe('ticket bulk', () => {
  it('sets the status of --ids, one JSON line each, and a rerun changes nothing', async () => {
    const b = new FakeBackend();
    b.seed(3, 'pending');
    const r = await bulk(b, { ids: '1,2,3', status: 'solved' });
    expect(r.error).toBeNull();
    expect(r.lines).toEqual(
      expect.arrayContaining([
        { id: '1', ok: true, action: 'updated', from: 'pending', to: 'solved' },
        { id: '3', ok: true, action: 'updated', from: 'pending', to: 'solved' },
      ]),
    );
    expect(r.err).toMatch(/3 updated, 0 unchanged, 0 failed/);
    const before = mutations(b);
    const again = await bulk(b, { ids: '1,2,3', status: 'solved', comment: 'done' });
    expect(again.lines.every((l) => l.action === 'unchanged')).toBe(true);
    expect(mutations(b)).toBe(before);
  });

  it('reads the current state with one list request per 100 ids, not one GET each', async () => {
    const b = new FakeBackend();
    b.seed(250, 'open');
    await bulk(b, { ids: Array.from({ length: 250 }, (_, i) => String(i + 1)).join(','), priority: 'high' });
    expect(b.count('list')).toBe(3);
    expect(b.count('get')).toBe(0);
    expect(b.count('update')).toBe(250);
  });

  it('targets by filter, with --status as the change and --where-status as the filter', async () => {
    const b = new FakeBackend();
    b.seed(2, 'pending');
    b.seed(2, 'open');
    const r = await bulk(b, { whereStatus: 'pending', status: 'closed' });
    expect(r.lines.map((l) => l.id).sort()).toEqual(['1', '2']);
    expect(b.tickets.get('3')!.status).toBe('open');
  });

  it('takes ids and per-ticket JSON changes on stdin', async () => {
    const b = new FakeBackend();
    b.seed(2, 'open');
    b.seed(1, 'open', { category: 'DMS' });
    const stdin = '1\n{"id":"2","status":"solved","comment":"thanks"}\n# comment line\n{"id":3,"priority":"urgent","fields":{"site":"paris"}}\n';
    const r = await bulk(b, { priority: 'low' }, { stdin });
    expect(r.error).toBeNull();
    expect(b.tickets.get('1')!.priority).toBe('low');
    expect(b.tickets.get('2')!).toMatchObject({ status: 'solved', priority: 'low' }) // flags apply to every line, the line's own changes win;
    expect(b.tickets.get('2')!.comments.map((c) => c.body)).toEqual(['thanks']);
    expect(b.tickets.get('3')!).toMatchObject({ priority: 'urgent', fields: { site: 'Paris' } });
  });

  it('--field goes through the category validation of `update --field`: an unknown field is exit 2, nothing sent', async () => {
    const b = new FakeBackend();
    b.seed(2, 'open', { category: 'DMS' });
    const r = await bulk(b, { ids: '1,2', field: ['Nope=1'] });
    expect(r.error).toMatchObject({ code: 'validation', exitCode: 2 });
    expect((r.error as Error).message).toMatch(/Unknown field "Nope"/);
    expect(mutations(b)).toBe(0);
    const bad = await bulk(b, { ids: '1,2', field: ['site=Berlin'] });
    expect(bad.error).toMatchObject({ exitCode: 2 });
    expect(mutations(b)).toBe(0);
  });

  it('an item the backend did not change as asked is ok:false not-applied with the actual status; the run is partial', async () => {
    for (const mode of ['emulated', 'native'] as const) {
      const b = new FakeBackend({ bulk: mode });
      b.seed(2, 'pending');
      b.keepStatus.add('2'); // the backend answers, but leaves ticket 2 as it was
      const r = await bulk(b, { ids: '1,2', status: 'solved' });
      expect(r.error).toBeInstanceOf(PartialError);
      expect(r.lines).toEqual(
        expect.arrayContaining([
          { id: '1', ok: true, action: 'updated', from: 'pending', to: 'solved' },
          expect.objectContaining({ id: '2', ok: false, from: 'pending', to: 'solved', actual: 'pending', error: expect.objectContaining({ code: 'not-applied' }) }),
        ]),
      );
      expect(r.err).toMatch(/1 updated, 0 unchanged, 1 failed/);
    }
  });

  it('a status the backend cannot set is refused before anything is sent', async () => {
    const b = new FakeBackend();
    b.seed(2, 'open');
    b.settable = ['open', 'solved'];
    const r = await bulk(b, { ids: '1,2', status: 'pending' });
    expect(r.error).toMatchObject({ exitCode: 2 });
    expect((r.error as Error).message).toMatch(/no status "pending"/);
    expect(mutations(b)).toBe(0);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const b = new FakeBackend();
    b.seed(2, 'pending');
    b.tickets.get('2')!.status = 'solved';
    const r = await bulk(b, { ids: '1,2', status: 'solved', dryRun: true });
    expect(r.lines).toEqual([
      { id: '1', ok: true, action: 'would-update', from: 'pending', to: 'solved' },
      { id: '2', ok: true, action: 'unchanged', from: 'solved', to: 'solved' },
    ]);
    expect(mutations(b)).toBe(0);
  });

  it('--max refuses to touch more tickets, before changing any', async () => {
    const b = new FakeBackend();
    b.seed(5);
    const r = await bulk(b, { ids: '1,2,3,4,5', status: 'solved', max: '4' });
    expect(r.error).toBeInstanceOf(UsageError);
    expect(mutations(b)).toBe(0);
  });

  it('asks for confirmation on a terminal unless --yes', async () => {
    const b = new FakeBackend();
    b.seed(2);
    const no: Prompter = { confirm: async () => false } as unknown as Prompter;
    const r = await bulk(b, { ids: '1,2', status: 'solved' }, { tty: true, prompter: no });
    expect(r.error).toBeInstanceOf(CancelledError);
    expect(mutations(b)).toBe(0);
    const r2 = await bulk(b, { ids: '1,2', status: 'solved', yes: true }, { tty: true, json: true });
    expect(r2.error).toBeNull();
    expect(mutations(b)).toBe(2);
  });

  it('reports failures per ticket and exits 8', async () => {
    const b = new FakeBackend();
    b.seed(2);
    const r = await bulk(b, { ids: '1,99,2', status: 'solved' });
    expect(r.error).toBeInstanceOf(PartialError);
    expect((r.error as PartialError).exitCode).toBe(8);
    expect(r.lines.find((l) => l.id === '99')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(b.tickets.get('1')!.status).toBe('solved');
  });

  it('uses the native bulk endpoint in chunks of maxBulk', async () => {
    const b = new FakeBackend({ bulk: 'native', maxBulk: 10 });
    b.seed(25, 'open');
    const r = await bulk(b, { ids: Array.from({ length: 25 }, (_, i) => String(i + 1)).join(','), status: 'solved' });
    expect(r.error).toBeNull();
    expect(b.count('bulk')).toBe(3);
    expect(b.count('update')).toBe(0);
    expect([...b.tickets.values()].every((t) => t.status === 'solved')).toBe(true);
  });

  it('interrupted midway, a rerun finishes without doing anything twice', async () => {
    const b = new FakeBackend();
    b.seed(20, 'open');
    const ids = Array.from({ length: 20 }, (_, i) => String(i + 1)).join(',');
    // The backend goes away after 7 updates: those 7 are done, the rest fail.
    let n = 0;
    const orig = b.updateTicket.bind(b);
    b.updateTicket = async (id, c) => {
      if (++n > 7) throw new (await import('../../../src/errors.js')).UnavailableError('gone');
      return orig(id, c);
    };
    const first = await bulk(b, { ids, status: 'solved', concurrency: '1' });
    expect(first.error).toBeInstanceOf(PartialError);
    b.updateTicket = orig;
    const before = b.count('update');
    const second = await bulk(b, { ids, status: 'solved' });
    expect(second.error).toBeNull();
    expect(second.lines.filter((l) => l.action === 'unchanged')).toHaveLength(7);
    expect(b.count('update') - before).toBe(13);
  });

  it('stops trying when the backend goes away, reports the rest as not attempted, and a rerun finishes', async () => {
    const { UnavailableError } = await import('../../../src/errors.js');
    const b = new FakeBackend();
    b.seed(100, 'open');
    const ids = Array.from({ length: 100 }, (_, i) => String(i + 1)).join(',');
    let attempts = 0;
    const orig = b.updateTicket.bind(b);
    b.updateTicket = async (id, c) => {
      if (++attempts > 3) throw new UnavailableError('down');
      return orig(id, c);
    };
    const r = await bulk(b, { ids, status: 'solved' });
    expect(r.error).toBeInstanceOf(PartialError);
    expect(r.lines).toHaveLength(100);
    expect(attempts).toBeLessThanOrEqual(30); // 3 done, 16 failures in a row to break, a few in flight
    expect(r.lines.filter((l) => l.error?.message?.startsWith('Not attempted')).length).toBeGreaterThan(60);
    b.updateTicket = orig;
    const again = await bulk(b, { ids, status: 'solved' });
    expect(again.error).toBeNull();
    expect([...b.tickets.values()].every((t) => t.status === 'solved')).toBe(true);
  });

  it('an unreachable backend while reading the targets is exit 5, not one slow GET per ticket', async () => {
    const b = new FakeBackend();
    b.seed(50);
    b.faults.push({ op: 'list', when: 'before', times: 1 });
    const r = await bulk(b, { ids: Array.from({ length: 50 }, (_, i) => String(i + 1)).join(','), status: 'solved' });
    expect((r.error as { exitCode: number }).exitCode).toBe(5);
    expect(b.count('get')).toBe(0);
  });
});
