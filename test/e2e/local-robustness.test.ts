// The local backend under concurrent processes and hard kills, through the built binary.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ticket } from '../helpers/bin.js';

const env = (home: string) => ({ PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C' });

describe('local backend, many processes', () => {
  it('20 parallel creators and updaters lose nothing and never reuse an id', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-conc-'));
    const seed = await ticket(['create', '--json', '-c', 'IT', '-s', 'seed', '-b', 'seed'], { home });
    expect(seed.exitCode).toBe(0);
    const runs = Array.from({ length: 20 }, (_, i) =>
      execa('node', [BIN, 'create', '--json', '-c', 'IT', '-s', `parallel ${i}`, '-b', `body ${i}`], {
        env: env(home),
        extendEnv: false,
        reject: false,
        input: '',
      }),
    );
    const replies = Array.from({ length: 10 }, (_, i) =>
      execa('node', [BIN, 'reply', '1', '-b', `reply ${i}`], { env: env(home), extendEnv: false, reject: false, input: '' }),
    );
    const results = await Promise.all(runs);
    const replied = await Promise.all(replies);
    for (const r of [...results, ...replied]) expect(r.exitCode, String(r.stderr)).toBe(0);
    const ids = results.map((r) => JSON.parse(String(r.stdout)).id as string);
    expect(new Set(ids).size).toBe(20);
    const listed = JSON.parse((await ticket(['list', '--json', '--limit', '0'], { home })).stdout) as { id: string; subject: string }[];
    expect(listed).toHaveLength(21);
    expect(new Set(listed.map((t) => t.id)).size).toBe(21);
    for (let i = 0; i < 20; i++) expect(listed.map((t) => t.subject)).toContain(`parallel ${i}`);
    const shown = JSON.parse((await ticket(['show', '1', '--json'], { home })).stdout);
    expect(shown.comments.map((c: { body: string }) => c.body).sort()).toEqual(['seed', ...Array.from({ length: 10 }, (_, i) => `reply ${i}`)].sort());
  }, 120_000);

  it('a process killed with SIGKILL mid-write leaves a readable store, and acknowledged tickets stay', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-kill-'));
    const acknowledged: string[] = [];
    for (let round = 0; round < 12; round++) {
      // A batch of creates; one of them is killed at a random moment.
      const victims = Array.from({ length: 3 }, (_, i) =>
        execa('node', [BIN, 'create', '--json', '-c', 'IT', '-s', `round ${round}.${i}`, '-b', 'x'.repeat(20_000)], {
          env: env(home),
          extendEnv: false,
          reject: false,
          input: '',
        }),
      );
      const delay = 40 + Math.floor(Math.random() * 120);
      setTimeout(() => victims[round % 3].kill('SIGKILL'), delay);
      for (const r of await Promise.all(victims)) {
        if (r.exitCode === 0) acknowledged.push(JSON.parse(String(r.stdout)).id);
      }
    }
    const list = await ticket(['list', '--json', '--limit', '0'], { home });
    expect(list.exitCode, list.stderr).toBe(0);
    const ids = (JSON.parse(list.stdout) as { id: string }[]).map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acknowledged) expect(ids).toContain(id);
    for (const id of ids) expect((await ticket(['show', id, '--json'], { home })).exitCode).toBe(0);
    // The store still takes writes.
    expect((await ticket(['create', '-c', 'IT', '-s', 'after', '-b', 'after'], { home })).exitCode).toBe(0);
  }, 180_000);
});

// Issue 10, through the built binary: what a user sees when the knowledge-base folder holds a FIFO
// or a search is a pasted log.
describe('local knowledge base, hostile input', () => {
  it('a FIFO in kbDir: `kb search` exits 4 at once and names it (it used to hang)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-kbfifo-'));
    const kb = join(home, 'kb');
    mkdirSync(kb);
    writeFileSync(join(kb, 'a.md'), '# Printer offline\nRestart it.\n');
    execFileSync('mkfifo', [join(kb, 'pipe.md')]);
    expect((await ticket(['config', 'set', 'kbDir', kb], { home })).exitCode).toBe(0);
    const r = await ticket(['kb', 'search', 'printer'], { home, timeout: 15_000 });
    expect(r.exitCode, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/pipe\.md is a FIFO \(named pipe\), not a regular file/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 30_000);

  it('a 100,000-character `kb search` exits 2 with a message', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-kbq-'));
    const r = await ticket(['kb', 'search', 'a'.repeat(100_000)], { home });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/at most 1000 are allowed/);
    expect(r.stderr).not.toMatch(/typed array/i);
  });
});

describe('local index damage, through the binary', () => {
  it('a damaged index.jsonl line: `list` shows every ticket, warns once on stderr, and the next run is quiet', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-idx-'));
    for (const s of ['one', 'two', 'three']) expect((await ticket(['create', '-c', 'IT', '-s', s, '-b', s], { home })).exitCode).toBe(0);
    const index = join(home, 'data', 'local', 'index.jsonl');
    const lines = readFileSync(index, 'utf8').split('\n');
    lines[0] = lines[0].slice(0, 80) + '#damage#' + lines[0].slice(100); // inside the ticket's JSON
    writeFileSync(index, lines.join('\n'));
    const first = await ticket(['list', '--json', '--limit', '0'], { home });
    expect(first.exitCode, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { subject: string }[]).map((t) => t.subject).sort()).toEqual(['one', 'three', 'two']);
    expect(first.stderr.match(/index was damaged/g)).toHaveLength(1);
    const second = await ticket(['list', '--json', '--limit', '0'], { home });
    expect(JSON.parse(second.stdout)).toHaveLength(3);
    expect(second.stderr).toBe('');
  }, 60_000);

  it('a ticket file holding [1,2,3]: `show` names the file, and is no crash', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-rec-'));
    expect((await ticket(['create', '-c', 'IT', '-s', 'x', '-b', 'x'], { home })).exitCode).toBe(0);
    writeFileSync(join(home, 'data', 'local', 'tickets', '1.json'), '[1,2,3]');
    const r = await ticket(['show', '1'], { home });
    expect(r.stderr).toMatch(/1\.json is damaged \(it holds \[1,2,3\], not a ticket record\)/);
    expect(r.stderr).not.toMatch(/Unexpected error|TypeError/);
  });
});
