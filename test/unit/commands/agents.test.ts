// --fields, the journal and undo, and allow/readOnly through the CLI (in-process, local backend).
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';

const cli = (home: string, argv: string[], extra: { env?: Record<string, string>; stdin?: string } = {}) =>
  runCli(argv, { home, env: { TICKET_HOME: home, ...extra.env }, stdin: extra.stdin });
const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

async function seeded(n = 3): Promise<string> {
  const home = tempHome();
  for (let i = 1; i <= n; i++) expect((await cli(home, ['create', '-c', 'IT', '-s', `t${i}`, '-b', 'body'])).code).toBe(0);
  return home;
}

describe('--fields', () => {
  it('keeps only those keys, in that order, on list, show, writes and bulk lines', async () => {
    const home = await seeded(2);
    const list = await cli(home, ['list', '--fields', 'status,id']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim()).toBe('[{"status":"new","id":"2"},{"status":"new","id":"1"}]');
    const jsonl = await cli(home, ['list', '--format', 'jsonl', '--fields', 'id']);
    expect(lines(jsonl.stdout)).toEqual([{ id: '2' }, { id: '1' }]);
    const show = await cli(home, ['show', '1', '--fields', 'subject,comments']);
    const shown = JSON.parse(show.stdout);
    expect(Object.keys(shown)).toEqual(['subject', 'comments']);
    const upd = await cli(home, ['update', '1', '--priority', 'high', '--fields', 'id,priority,action']);
    expect(JSON.parse(upd.stdout)).toEqual({ id: '1', priority: 'high', action: 'updated' });
    const created = await cli(home, ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--fields', 'id,action']);
    expect(JSON.parse(created.stdout)).toEqual({ id: '3', action: 'created' });
    const bulk = await cli(home, ['bulk', '--ids', '1,2', '--status', 'solved', '--fields', 'id,to']);
    expect(lines(bulk.stdout)).toEqual([
      { id: '1', to: 'solved' },
      { id: '2', to: 'solved' },
    ]);
  });

  it('an unknown field is exit 2 naming the valid ones, before anything is sent', async () => {
    const home = await seeded(1);
    const r = await cli(home, ['update', '1', '--status', 'solved', '--fields', 'id,colour']);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr).error;
    expect(err.code).toBe('usage');
    expect(err.message).toContain('colour');
    expect(err.hint).toContain('backendStatus');
    expect(JSON.parse((await cli(home, ['show', '1', '--json'])).stdout).status).toBe('new');
  });
});

describe('journal and undo', () => {
  it('journals every write (0600) with before → after of the changed fields only; journal lists them', async () => {
    const home = await seeded(1);
    await cli(home, ['update', '1', '--status', 'pending', '--priority', 'high']);
    await cli(home, ['reply', '1', '--body', 'more']);
    const file = join(home, 'state', 'journal.jsonl');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = lines(readFileSync(file, 'utf8'));
    expect(raw.map((e) => e.op)).toEqual(['create', 'update', 'reply']);
    expect(raw[1]).toMatchObject({ via: 'cli', ticket: '1', before: { status: 'new', priority: 'normal' }, after: { status: 'pending', priority: 'high' } });
    expect(Object.keys(raw[1].after).sort()).toEqual(['priority', 'status']);
    expect(raw[2].commentId).toBeTruthy();
    const j = await cli(home, ['journal', '--json']);
    expect(JSON.parse(j.stdout).map((e: { id: string }) => e.id)).toEqual(raw.map((e) => e.id));
    const text = await cli(home, ['journal']);
    expect(text.stdout).toContain('status=new priority=normal → status=pending priority=high');
    const none = await cli(home, ['journal', '--json', '--since', '2099-01-01']);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('undo --last restores a single change and is journaled; a ticket changed since is refused by name', async () => {
    const home = await seeded(1);
    await cli(home, ['update', '1', '--status', 'pending']);
    const u = await cli(home, ['undo', '--last', '--json']);
    expect(u.code, u.stderr).toBe(0);
    expect(lines(u.stdout)).toEqual([{ id: '1', ok: true, action: 'restored', from: 'pending', to: 'new' }]);
    expect(JSON.parse((await cli(home, ['show', '1', '--json'])).stdout).status).toBe('new');
    const j = JSON.parse((await cli(home, ['journal', '--json'])).stdout);
    expect(j.at(-1)).toMatchObject({ op: 'undo', before: { status: 'pending' }, after: { status: 'new' } });
    expect(j.at(-1).undoOf).toBeTruthy();

    const upd = JSON.parse((await cli(home, ['journal', '--json'])).stdout).find((e: { op: string }) => e.op === 'update').id;
    await cli(home, ['update', '1', '--status', 'on-hold']);
    const refused = await cli(home, ['undo', upd, '--json']);
    expect(refused.code).toBe(1);
    // stderr: the summary line, then the JSON error.
    const err = JSON.parse(refused.stderr.trim().split('\n').at(-1)!).error;
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('#1');
    expect(JSON.parse((await cli(home, ['show', '1', '--json'])).stdout).status).toBe('on-hold');
  });

  it('undo of a bulk run: the others restored, exit 8 naming the ticket changed since; comments stay', async () => {
    const home = await seeded(3);
    const b = await cli(home, ['bulk', '--ids', '1,2,3', '--status', 'solved', '--comment', 'done', '--yes']);
    expect(b.code).toBe(0);
    await cli(home, ['update', '2', '--status', 'open']);
    const run = JSON.parse((await cli(home, ['journal', '--json'])).stdout).find((e: { bulkRun?: string }) => e.bulkRun).bulkRun;
    const dry = await cli(home, ['undo', run, '--dry-run', '--json']);
    expect(lines(dry.stdout).filter((l) => l.ok).map((l) => l.action)).toEqual(['would-restore', 'would-restore']);
    expect(JSON.parse((await cli(home, ['show', '1', '--json'])).stdout).status).toBe('solved');
    const u = await cli(home, ['undo', run, '--json']);
    expect(u.code).toBe(8);
    const out = lines(u.stdout);
    expect(out.find((l) => l.id === '2')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(out.filter((l) => l.ok).map((l) => l.id).sort()).toEqual(['1', '3']);
    expect(out.find((l) => l.id === '1').kept.join(' ')).toContain('does not delete comments');
    expect(u.stderr).toContain('Comments are not deleted');
    const t1 = JSON.parse((await cli(home, ['show', '1', '--json'])).stdout);
    expect(t1.status).toBe('new');
    expect(t1.comments.some((c: { body: string }) => c.body === 'done')).toBe(true);
    expect(JSON.parse((await cli(home, ['show', '2', '--json'])).stdout).status).toBe('open');
  });

  it('undo needs an id or --last, and says when there is none', async () => {
    const home = tempHome();
    expect((await cli(home, ['undo'])).code).toBe(2);
    expect((await cli(home, ['undo', '--last'])).code).toBe(3);
    expect((await cli(home, ['undo', 'nope'])).code).toBe(3);
  });
});

describe('allow and readOnly', () => {
  it('config set checks the values; the refusal names the setting (exit 4) and sends nothing', async () => {
    const home = await seeded(1);
    expect((await cli(home, ['config', 'set', 'allow', 'list,frobnicate'])).code).toBe(2);
    expect((await cli(home, ['config', 'set', 'readOnly', 'maybe'])).code).toBe(2);
    expect((await cli(home, ['config', 'set', 'allow', 'list,show,reply,update:status'])).code).toBe(0);
    const journalBefore = readFileSync(join(home, 'state', 'journal.jsonl'), 'utf8');
    const pr = await cli(home, ['update', '1', '--priority', 'high', '--json']);
    expect(pr.code).toBe(4);
    expect(JSON.parse(pr.stderr).error).toMatchObject({ code: 'permission', data: { setting: 'allow', operation: 'update:priority' } });
    expect((await cli(home, ['close', '1'])).code).toBe(4);
    expect((await cli(home, ['create', '-c', 'IT', '-s', 's', '-b', 'b'])).code).toBe(4);
    expect((await cli(home, ['update', '1', '--status', 'pending'])).code).toBe(0);
    const env = await cli(home, ['update', '1', '--status', 'open', '--json'], { env: { TICKET_ALLOW: 'list,show' } });
    expect(env.code).toBe(4);
    expect(JSON.parse(env.stderr).error.data.setting).toBe('TICKET_ALLOW');
    // TICKET_ALLOW cannot widen: close is not in the profile's list.
    expect((await cli(home, ['close', '1'], { env: { TICKET_ALLOW: '*' } })).code).toBe(4);
    expect((await cli(home, ['config', 'set', 'readOnly', 'true'])).code).toBe(0);
    const ro = await cli(home, ['reply', '1', '--body', 'x', '--json']);
    expect(ro.code).toBe(4);
    expect(JSON.parse(ro.stderr).error.message).toContain('readOnly');
    expect((await cli(home, ['list', '--json'])).code).toBe(0);
    const journalAfter = readFileSync(join(home, 'state', 'journal.jsonl'), 'utf8');
    expect(lines(journalAfter).length).toBe(lines(journalBefore).length + 1);
  });
});
