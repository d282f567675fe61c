import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import { listStale } from '../../../src/operations/stale.js';

// `list --stale` and the stale section of `ticket status`, on a fake clock: no real time passes.

const BOCP = fileURLToPath(new URL('../../../docs/examples/bocp-forms.yaml', import.meta.url));
const DAY = 86_400_000;

function world() {
  const home = tempHome('ticket-stale-');
  let t = Date.parse('2026-09-01T09:00:00Z');
  const now = () => new Date(t);
  // Colour codes out: the assertions are about the words.
  const run = async (argv: string[], o: { tty?: boolean } = {}) => {
    const r = await runCli(argv, { home, now, ...o });
    return { ...r, stdout: r.stdout.replace(/\u001b\[[0-9;]*m/g, '') };
  };
  return { run, day: (d: number) => (t = Date.parse('2026-09-01T09:00:00Z') + d * DAY) };
}

async function filed(run: ReturnType<typeof world>['run'], subject: string): Promise<string> {
  const r = await run(['create', '--category', 'APLICATIE', '--field', 'modul=Stocuri', '--subject', subject, '--body', 'Detalii', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id;
}

const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((t) => t.id).sort();

describe('list --stale', () => {
  it('no public word from someone other than the requester for that long, not solved or closed', async () => {
    const { run, day } = world();
    await run(['config', 'set', 'formsFile', BOCP]);
    await run(['config', 'set', 'email', 'ana@client.ro']);
    day(0);
    const silent = await filed(run, 'Nimeni nu a răspuns');
    const answered = await filed(run, 'Suportul a răspuns');
    const solved = await filed(run, 'Rezolvat');
    await run(['close', solved]);
    // Day 10: support answers one ticket (another person); day 20: the requester pings the other.
    day(10);
    await run(['config', 'set', 'email', 'agent@bocp.ro']);
    await run(['reply', answered, '--body', 'Ne uităm.']);
    day(20);
    await run(['config', 'set', 'email', 'ana@client.ro']);
    await run(['reply', silent, '--body', 'Vreo veste?']);

    day(65);
    const r = await run(['list', '--stale', '60d', '--json']);
    expect(r.code, r.stderr).toBe(0);
    // The requester's own reply on day 20 does not count; support's on day 10 does.
    expect(ids(r.stdout)).toEqual([silent]);
    day(75);
    expect(ids((await run(['list', '--stale', '60d', '--json'])).stdout)).toEqual([silent, answered].sort());
    expect(ids((await run(['list', '--stale', '10w', '--json'])).stdout)).toEqual([silent]);
    expect(ids((await run(['list', '--stale', '48h', '--json'])).stdout)).toEqual([silent, answered].sort());
    expect(ids((await run(['list', '--stale', '2026-09-05', '--json'])).stdout)).toEqual([silent]);
    // Combined with the other filters: the vocabulary's statuses, --mine.
    expect(ids((await run(['list', '--stale', '60d', '--status', 'nepreluat', '--json'])).stdout)).toEqual([silent, answered].sort());
    expect(ids((await run(['list', '--stale', '60d', '--status', 'solved', '--json'])).stdout)).toEqual([]);
  });

  it('an unreadable age is exit 2 saying what to give', async () => {
    const { run } = world();
    const r = await run(['list', '--stale', 'two months']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stale: cannot read "two months"');
    expect(r.stderr).toContain('60d, 2w or 48h');
  });
});

describe('ticket status: stale', () => {
  it('shows my tickets with no word from support for staleAfter (default 60d)', async () => {
    const { run, day } = world();
    await run(['config', 'set', 'formsFile', BOCP]);
    await run(['config', 'set', 'email', 'ana@client.ro']);
    day(0);
    const id = await filed(run, 'Factura nu se emite');
    day(30);
    let r = await run(['status'], { tty: true });
    expect(r.stdout).toContain('No word from support for 60 days or more');
    expect(r.stdout).not.toMatch(new RegExp(`No word from support for 60 days or more\\n  #${id}`));
    day(61);
    r = await run(['status'], { tty: true });
    expect(r.stdout).toMatch(new RegExp(`No word from support for 60 days or more\\n  #${id}  Factura nu se emite  ·  Not taken yet`));
    const ro = await run(['--lang', 'ro', 'status'], { tty: true });
    expect(ro.stdout).toMatch(new RegExp(`Fără răspuns de la suport de cel puțin 60 zile\\n  #${id}  Factura nu se emite  ·  Nepreluat`));
    const json = JSON.parse((await run(['status', '--json'])).stdout);
    expect(json.staleAfter).toBe('60d');
    expect(json.stale.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await run(['status'])).stdout).toContain(`stale\t${id}\tnew\t`);
    await run(['config', 'set', 'staleAfter', '2w']);
    expect((await run(['status'], { tty: true })).stdout).toContain('No word from support for 14 days or more');
    const refused = await run(['config', 'set', 'staleAfter', 'soon']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('staleAfter is "soon", which is not a duration');
    // A date that does not exist gets past `config set` and is a configuration error when used.
    await run(['config', 'set', 'staleAfter', '2026-02-30']);
    const bad = await run(['status']);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('staleAfter is "2026-02-30"');
  });
});

describe('listStale on a backend that does not filter itself', () => {
  it('lists the active tickets and reads the comments only where the dates cannot decide', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const b = new MemoryBackend(() => now);
    const old = '2026-08-01T10:00:00Z';
    const quiet = b.seed({ createdAt: old, updatedAt: old, comments: [] });
    const pinged = b.seed({ createdAt: old, updatedAt: '2026-11-20T10:00:00Z', comments: [{ id: '1', author: { name: 'Jane', email: 'jane@example.com' }, body: 'news?', public: true, createdAt: '2026-11-20T10:00:00Z', attachments: [] }] });
    b.seed({ createdAt: old, updatedAt: '2026-11-20T10:00:00Z', comments: [{ id: '1', author: { name: 'Agent', email: 'agent@example.com' }, body: 'on it', public: true, createdAt: '2026-11-20T10:00:00Z', attachments: [] }] });
    b.seed({ status: 'solved', createdAt: old, updatedAt: old });
    b.seed({ createdAt: '2026-11-22T10:00:00Z', updatedAt: '2026-11-22T10:00:00Z' });
    const got = await listStale(b, { limit: 0, sort: 'created' }, new Date(now.getTime() - 60 * DAY).toISOString());
    expect(got.map((t) => t.id).sort()).toEqual([quiet.id, pinged.id].sort());
    const listCall = b.calls.find((c) => c.method === 'listTickets')!;
    expect((listCall.args[0] as { status: string[] }).status).toEqual(['new', 'open', 'pending', 'on-hold']);
  });
});
