import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';

function withTickets() {
  const b = new MemoryBackend();
  b.seed({ subject: 'Printer offline', status: 'open', category: 'IT' });
  b.seed({ subject: 'Evil \u001b]0;pwned\u0007\u001b[2J subject', status: 'pending', category: 'DMS', fields: { site: 'Lyon' } });
  return b;
}

describe('ticket list', () => {
  it('JSON, JSONL and CSV formats carry the normalized shape', async () => {
    const b = withTickets();
    const json = JSON.parse((await runCli(['list', '--json'], { backend: b })).stdout);
    expect(json.map((t: { id: string }) => t.id)).toEqual(['2', '1']);
    expect(json[0]).toMatchObject({ status: 'pending', backendStatus: 'pending', priority: 'normal', fields: { site: 'Lyon' } });
    const jsonl = (await runCli(['list', '--format', 'jsonl'], { backend: b })).stdout.trim().split('\n');
    expect(jsonl).toHaveLength(2);
    const csv = (await runCli(['list', '--format', 'csv'], { backend: b })).stdout.split('\n');
    expect(csv[0]).toBe('id,status,priority,category,subject,requester,updatedAt');
    expect(csv[2]).toMatch(/^1,open,normal,IT,Printer offline,jane@example.com,/);
  });

  it('piped output is tab-separated, without colour or borders, with control sequences neutralised', async () => {
    const r = await runCli(['list'], { backend: withTickets() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(r.stdout).not.toMatch(/[┌│─]/);
    expect(r.stdout.split('\n')[0].split('\t')).toEqual(expect.arrayContaining(['2', 'pending', 'DMS']));
    expect(r.stdout).toContain('Evil ^[]0;pwned^G^[[2J subject');
  });

  it('a table with borders on a terminal, colour unless NO_COLOR', async () => {
    const color = await runCli(['list'], { backend: withTickets(), tty: true });
    expect(color.stdout).toMatch(/┌/);
    expect(color.stdout).toMatch(/\u001b\[/);
    const noColor = await runCli(['list'], { backend: withTickets(), tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toMatch(/┌/);
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
  });

  it('passes every filter to the backend', async () => {
    const b = withTickets();
    const now = () => new Date('2026-11-23T00:00:00Z');
    await runCli(['list', '--status', 'open,on_hold', '--category', 'DMS', '--requester', 'a@b.co', '--mine', '--since', '7d', '--search', 'printer', '--limit', '0', '--sort', 'updated', '--query', "Queue='IT'"], { backend: b, now });
    expect(b.calls.find((c) => c.method === 'listTickets')!.args[0]).toEqual({
      status: ['open', 'on-hold'],
      category: 'DMS',
      requester: 'a@b.co',
      mine: true,
      since: '2026-11-16T00:00:00.000Z',
      search: 'printer',
      limit: 0,
      sort: 'updated',
      query: "Queue='IT'",
    });
  });

  it('an empty list is success', async () => {
    const r = await runCli(['list', '--json'], { backend: new MemoryBackend() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
  });

  it('bad filters are usage errors', async () => {
    expect((await runCli(['list', '--status', 'opne'], { backend: new MemoryBackend() })).stderr).toMatch(/unknown status "opne". Did you mean "open"/);
    expect((await runCli(['list', '--since', 'yesterday'], { backend: new MemoryBackend() })).code).toBe(2);
    expect((await runCli(['list', '--format', 'xml'], { backend: new MemoryBackend() })).code).toBe(2);
  });
});

describe('ticket show / reply / close / reopen / update', () => {
  it('show prints the conversation, and exit 3 for an unknown id', async () => {
    const b = withTickets();
    await b.reply('1', { body: 'Any news?', attachments: [], public: true });
    const r = await runCli(['show', '1', '--json'], { backend: b });
    expect(JSON.parse(r.stdout).comments).toHaveLength(1);
    const plain = await runCli(['show', '#2'], { backend: b });
    expect(plain.stdout).toMatch(/^id:\t2$/m);
    expect(plain.stdout).not.toMatch(/\u001b/);
    const missing = await runCli(['show', '99'], { backend: b });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/not found/);
  });

  it('reply takes the body from a flag or from piped standard input, and refuses an empty one', async () => {
    const b = withTickets();
    expect((await runCli(['reply', '1', '-b', 'flag body'], { backend: b })).code).toBe(0);
    expect((await runCli(['reply', '1'], { backend: b, stdin: 'piped body\n' })).code).toBe(0);
    const empty = await runCli(['reply', '1'], { backend: b, stdin: '' });
    expect(empty.code).toBe(2);
    expect(b.tickets.get('1')!.comments!.map((c) => c.body)).toEqual(['flag body', 'piped body\n']);
  });

  it('close marks solved with a closing comment; reopen reactivates; a closed one gets a follow-up', async () => {
    const b = withTickets();
    const closed = JSON.parse((await runCli(['close', '1', '-m', 'Fixed, thanks', '--json'], { backend: b })).stdout);
    expect(closed).toMatchObject({ id: '1', status: 'solved', action: 'closed' });
    expect(b.tickets.get('1')!.comments!.at(-1)!.body).toBe('Fixed, thanks');
    const reopened = JSON.parse((await runCli(['reopen', '1', '--json'], { backend: b })).stdout);
    expect(reopened).toMatchObject({ id: '1', status: 'open', followUp: false });
    await runCli(['close', '1', '--status', 'closed'], { backend: b });
    const follow = JSON.parse((await runCli(['reopen', '1', '--json'], { backend: b })).stdout);
    expect(follow).toMatchObject({ followUp: true, followUpOf: '1', action: 'follow-up' });
    expect(follow.id).not.toBe('1');
  });

  it('reopen of an open ticket is refused: not-applied (exit 6), saying there is nothing to reopen', async () => {
    const r = await runCli(['reopen', '1'], { backend: withTickets() });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/nothing to reopen/);
  });

  it('update validates fields against the category of the ticket', async () => {
    const b = withTickets();
    const ok = await runCli(['update', '2', '--priority', 'high', '-f', 'site=bordeaux', '--add-cc', 'x@y.org', '--json'], { backend: b });
    expect(JSON.parse(ok.stdout)).toMatchObject({ priority: 'high', fields: { site: 'Bordeaux' }, cc: ['x@y.org'] });
    const bad = await runCli(['update', '2', '-f', 'document_number=abc'], { backend: b });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/wrong format/);
    const nothing = await runCli(['update', '2'], { backend: b });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Nothing to change/);
  });
});
