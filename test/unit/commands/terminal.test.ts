// The terminal experience of issue 13, in-process: reply's editor buffer, browse, download,
// status, completion, and the pager's decisions.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import { FakePrompter } from '../../helpers/fake-prompter.js';
import { MARKER, replyBuffer, stripBuffer } from '../../../src/commands/shared/editor-buffer.js';
import { downloadAttachments, globMatcher, safeFileName } from '../../../src/operations/download.js';
import { Base64ContentExtractor } from '../../../src/backends/rt/download.js';
import { pagerCommand } from '../../../src/io/pager.js';
import type { Context } from '../../../src/cli/context.js';
import type { Backend } from '../../../src/backends/backend.js';

describe('reply in $EDITOR', () => {
  const withConversation = () => {
    const b = new MemoryBackend();
    b.seed({ subject: 'VPN down' });
    b.tickets.get('1')!.comments = [
      { id: 'c1', author: { name: 'Agent Smith', email: 'agent@example.com' }, body: 'Internal note', public: false, createdAt: '2026-11-23T09:00:00Z', attachments: [] },
      { id: 'c2', author: { name: 'Agent Smith', email: 'agent@example.com' }, body: 'Which client version?\nPlease attach the log.', public: true, createdAt: '2026-11-23T08:00:00Z', attachments: [] },
    ];
    return b;
  };

  it('quotes the latest public message below a marker line that is stripped on save', async () => {
    const b = withConversation();
    const p = new FakePrompter([['Your reply', `Version 4.2, log attached.\n\n${MARKER}\n# > Which client version?\n`]]);
    const r = await runCli(['reply', '1'], { backend: b, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    const buffer = String(p.asked[0].default);
    expect(buffer).toContain(MARKER);
    expect(buffer).toMatch(/# > Which client version\?\n# > Please attach the log\./);
    expect(buffer).not.toContain('Internal note');
    expect(buffer.indexOf(MARKER)).toBeGreaterThan(0);
    expect(b.tickets.get('1')!.comments!.at(-1)!.body).toBe('Version 4.2, log attached.');
  });

  it('an empty reply cancels with exit 130 and sends nothing', async () => {
    const b = withConversation();
    const p = new FakePrompter([['Your reply', replyBuffer(b.tickets.get('1')!)]]);
    const r = await runCli(['reply', '1'], { backend: b, tty: true, prompter: p });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/nothing was sent/);
    expect(b.writes()).toEqual([]);
  });

  it('stripBuffer keeps what is above the marker only', () => {
    expect(stripBuffer(`hello\r\nworld\r\n\r\n${MARKER}\r\n# > x`)).toBe('hello\nworld');
    expect(stripBuffer('no marker at all\n\n')).toBe('no marker at all');
  });
});

describe('browse and show --web', () => {
  it('prints the URL off a terminal and opens it on one', async () => {
    const b = new MemoryBackend();
    b.seed({ url: 'https://help.example.com/tickets/1' } as never);
    const piped = await runCli(['browse', '1'], { backend: b });
    expect(piped.stdout).toBe('https://help.example.com/tickets/1\n');
    const opened: string[] = [];
    const tty = await runCli(['show', '1', '--web'], { backend: b, tty: true, openUrl: async (u) => (opened.push(u), true) });
    expect(tty.code).toBe(0);
    expect(opened).toEqual(['https://help.example.com/tickets/1']);
    expect(tty.stderr).toContain('Opening https://help.example.com/tickets/1');
    const noOpener = await runCli(['browse', '1'], { backend: b, tty: true, openUrl: async () => false });
    expect(noOpener.stdout).toBe('https://help.example.com/tickets/1\n');
  });

  it('a local ticket has no web page: exit 2, with what to do instead', async () => {
    const home = tempHome();
    await runCli(['create', '--category', 'IT', '--subject', 'Printer', '--body', 'x'], { home });
    const r = await runCli(['browse', '1'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no web page/);
    expect(r.stderr).toMatch(/ticket show 1/);
  });
});

describe('download', () => {
  it('sanitises file names: no path, no .., no separators, no control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..')).toBe('__');
    expect(safeFileName('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('evil\u001b[2J\u0007name.txt')).toBe('evil[2Jname.txt');
    expect(safeFileName('.bashrc')).toBe('_bashrc');
    expect(safeFileName('a\u202eexe.txt')).toBe('aexe.txt');
    expect(safeFileName('')).toBe('attachment');
    expect(globMatcher('*.LOG')('app.log')).toBe(true);
    expect(globMatcher('report-??.pdf')('report-12.pdf')).toBe(true);
    expect(globMatcher('report-??.pdf')('report-123.pdf')).toBe(false);
  });

  it('streams each attachment to the folder, never overwrites without --force, keeps duplicates apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticket-dl-'));
    const bytes = new Map([
      ['u1', Buffer.from('first')],
      ['u2', Buffer.from('second')],
      ['u3', Buffer.from('log')],
    ]);
    const backend = {
      kind: 'local',
      async getTicket() {
        return {
          id: '7',
          comments: [
            { id: 'c1', public: true, attachments: [{ name: '../same.txt', size: 5, url: 'u1' }] },
            { id: 'c2', public: true, attachments: [{ name: 'same.txt', size: 6, url: 'u2' }, { name: 'app.log', size: 3, url: 'u3' }] },
          ],
        };
      },
      async openAttachment(_id: string, a: { url: string }) {
        return { stream: Readable.from([bytes.get(a.url)!]), size: bytes.get(a.url)!.length };
      },
    } as unknown as Backend;
    const got = await downloadAttachments(backend, '7', { dir, force: false, name: '*.txt' });
    expect(got.map((f) => f.name)).toEqual(['same.txt', 'same (2).txt']);
    expect(readFileSync(join(dir, 'same.txt'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, 'same (2).txt'), 'utf8')).toBe('second');
    writeFileSync(join(dir, 'app.log'), 'mine');
    await expect(downloadAttachments(backend, '7', { dir, force: false, name: 'app.log' })).rejects.toMatchObject({ exitCode: 2 });
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toBe('mine');
    await downloadAttachments(backend, '7', { dir, force: true, name: 'app.log' });
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toBe('log');
    // No temp files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a size that does not match what the server announced removes the partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticket-dl-'));
    const backend = {
      kind: 'local',
      getTicket: async () => ({ id: '1', comments: [{ id: 'c', public: true, attachments: [{ name: 'cut.bin', size: 10, url: 'x' }] }] }),
      openAttachment: async () => ({ stream: Readable.from([Buffer.from('short')]), size: 10 }),
    } as unknown as Backend;
    await expect(downloadAttachments(backend, '1', { dir, force: false })).rejects.toThrow(/received 5 bytes/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('local backend: the file filed with the ticket, byte for byte, through the CLI', async () => {
    const home = tempHome();
    const src = join(home, 'scan.bin');
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    writeFileSync(src, data);
    expect((await runCli(['create', '--category', 'IT', '--subject', 'Scan', '--body', 'x', '--attach', src], { home })).code).toBe(0);
    const out = join(home, 'out');
    const r = await runCli(['download', '1', '--dir', out, '--json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([{ name: 'scan.bin', path: join(out, 'scan.bin'), size: 70_000 }]);
    expect(readFileSync(join(out, 'scan.bin')).equals(data)).toBe(true);
    const again = await runCli(['download', '1', '--dir', out], { home });
    expect(again.code).toBe(2);
    const none = await runCli(['download', '1', '--name', '*.pdf', '--dir', out], { home });
    expect(none.code).toBe(3);
  });
});

describe('download progress', () => {
  it('draws a progress bar on a terminal for a file over 1 MB, and says where it saved it', async () => {
    const home = tempHome();
    const src = join(home, 'big.bin');
    writeFileSync(src, Buffer.alloc(3 * 1024 * 1024, 7));
    expect((await runCli(['create', '--category', 'IT', '--subject', 'Big', '--body', 'x', '--attach', src], { home })).code).toBe(0);
    const out = join(home, 'out');
    const r = await runCli(['download', '1', '--dir', out], { home, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/big\.bin \[█+ *\] +\d+% [\d.]+\/3\.0 MB/);
    expect(r.stderr).toContain(`✓ Saved ${join(out, 'big.bin')} (3.0 MB)`);
    // Data on stdout only when piped: on a terminal the confirmation on stderr says it all.
    expect(r.stdout).toBe('');
  });
});

describe("RT's base64 Content, decoded as it streams", () => {
  it('whatever the chunking, only the top-level Content is decoded', async () => {
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    const b64 = data.toString('base64').replace(/(.{76})/g, '$1\n');
    const json = JSON.stringify({ Headers: 'x: "Content"', Nested: { Content: 'AAAA' }, Subject: 'Content', Content: b64, id: 5 }).replace(/\//g, '\\/');
    for (const size of [1, 3, 7, 64, 100_000]) {
      const x = new Base64ContentExtractor('file');
      const chunks: Buffer[] = [];
      x.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise((r) => x.on('end', r));
      const buf = Buffer.from(json);
      for (let i = 0; i < buf.length; i += size) x.write(buf.subarray(i, i + size));
      x.end();
      await done;
      expect(Buffer.concat(chunks).equals(data), `chunk size ${size}`).toBe(true);
    }
  });
});

describe('status', () => {
  it('pending tickets, recently updated, drafts and outbox, in JSON and on a terminal', async () => {
    const b = new MemoryBackend();
    b.seed({ subject: 'Waiting on me', status: 'pending' });
    b.seed({ subject: 'Being worked on', status: 'open' });
    const now = () => new Date('2026-11-23T12:00:00Z');
    const r = await runCli(['status', '--json'], { backend: b, now });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.pending.map((t: { subject: string }) => t.subject)).toEqual(['Waiting on me']);
    expect(s.updated.map((t: { subject: string }) => t.subject)).toEqual(['Being worked on']);
    expect(s).toMatchObject({ drafts: [], outbox: [], error: null });
    const tty = await runCli(['status'], { backend: b, now, tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toMatch(/Waiting for your answer\n {2}#1 {2}Waiting on me/);
    expect(tty.stdout).toMatch(/Drafts\n {2}Nothing here\./);
    expect(b.calls.find((c) => c.method === 'listTickets')!.args[0]).toMatchObject({ status: ['pending'], mine: true });
  });
});

describe('completion', () => {
  const complete = async (home: string, ...words: string[]) => (await runCli(['__complete', ...words], { home })).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);

  it('commands, flags and flag values, without the network', async () => {
    const home = tempHome();
    expect(await complete(home, 'cl')).toEqual(['close']);
    expect(await complete(home, 'list', '--stat')).toEqual(['--status']);
    expect(await complete(home, 'list', '--st')).toEqual(['--status', '--stale']);
    expect(await complete(home, 'list', '--status', 'open,pe')).toEqual(['open,pending']);
    expect(await complete(home, 'create', '--priority', '')).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(await complete(home, 'list', '--category', '')).toEqual(expect.arrayContaining(['DMS', 'IT']));
    expect(await complete(home, 'create', '--category', 'DMS', '--field', '')).toEqual(expect.arrayContaining(['site=', 'document_number=']));
    expect(await complete(home, 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await complete(home, '--lang', '')).toEqual(['en', 'fr', 'ro']);
  });

  it('describes the flags in the language of the environment, --help included', async () => {
    const home = tempHome();
    const said = async (lang: string) => (await runCli(['__complete', 'list', '--he'], { home, env: { LANG: lang } })).stdout;
    expect(await said('C')).toBe('--help\tshow help\n');
    expect(await said('fr_FR.UTF-8')).toBe("--help\taffiche l'aide\n");
    expect(await said('ro_RO.UTF-8')).toBe('--help\tafișează ajutorul\n');
  });

  it('ticket ids come from the tickets list and show printed last', async () => {
    const home = tempHome();
    for (const s of ['Printer', 'VPN']) await runCli(['create', '--category', 'IT', '--subject', s, '--body', 'x'], { home });
    expect(await complete(home, 'show', '')).toEqual([]);
    await runCli(['list'], { home });
    const r = await runCli(['__complete', 'show', ''], { home });
    expect(r.stdout).toBe('2\tVPN (new)\n1\tPrinter (new)\n');
    expect(await complete(home, 'kb', 'show', '')).toEqual([]);
  });

  it('prints a script for bash, zsh and fish; another shell is a usage error', async () => {
    for (const sh of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', sh]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('ticket __complete');
    }
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
  });

  it('profiles are completed after --profile', async () => {
    const home = tempHome();
    await runCli(['init', '--profile', 'work', '--backend', 'local'], { home });
    expect(await complete(home, '--profile', '')).toContain('work');
    expect(existsSync(join(home, 'config'))).toBe(true);
  });
});

describe('pager decisions', () => {
  const ctx = (env: Record<string, string>, o: { tty?: boolean; json?: boolean; pager?: boolean } = {}) =>
    ({ io: { stdout: { isTTY: o.tty ?? true } }, env: { PATH: '/usr/bin:/bin', ...env }, globals: { json: Boolean(o.json), pager: o.pager } }) as unknown as Context;
  it('TICKET_PAGER, then PAGER; off when piped, with --json, --no-pager, in CI or with cat', () => {
    expect(pagerCommand(ctx({ TICKET_PAGER: 'more', PAGER: 'most' }))).toBe('more');
    expect(pagerCommand(ctx({ PAGER: 'most' }))).toBe('most');
    expect(pagerCommand(ctx({ TICKET_PAGER: 'cat', PAGER: 'most' }))).toBeNull();
    expect(pagerCommand(ctx({ TICKET_PAGER: '' , PAGER: 'most'}))).toBeNull();
    expect(pagerCommand(ctx({ PAGER: 'most' }, { tty: false }))).toBeNull();
    expect(pagerCommand(ctx({ PAGER: 'most' }, { json: true }))).toBeNull();
    expect(pagerCommand(ctx({ PAGER: 'most' }, { pager: false }))).toBeNull();
    expect(pagerCommand(ctx({ PAGER: 'most', CI: 'true' }))).toBeNull();
  });
});
