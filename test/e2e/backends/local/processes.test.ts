// Crash safety (SIGKILL at random instants) and concurrency (20 processes at once) of the local
// store, with real child processes running the bundled sources (helpers.buildChild).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore } from '../../../../src/backends/local/store.js';
import { buildChild, localBackend } from '../../../helpers/local.js';

let work: string;
let child: string;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ticket-local-proc-'));
  child = await buildChild(work);
});
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function start(args: string[]): { proc: ChildProcess; out: () => string; done: Promise<number | null> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<number | null>((resolve) =>
    proc.on('close', (code) => {
      running.delete(proc);
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    }),
  );
  return { proc, out: () => out, done };
}

/** Every file of the store parses; no temp file is left once a writer has taken over. */
function checkFiles(root: string): void {
  const tickets = join(root, 'tickets');
  for (const n of readdirSync(tickets)) {
    expect(n.endsWith('.tmp'), `temp file left: ${n}`).toBe(false);
    JSON.parse(readFileSync(join(tickets, n), 'utf8'));
  }
  JSON.parse(readFileSync(join(root, 'state.json'), 'utf8'));
  const attachments = join(root, 'attachments');
  if (existsSync(attachments)) {
    for (const f of readdirSync(attachments, { recursive: true }) as string[]) {
      expect(f.endsWith('.tmp'), `temp attachment left: ${f}`).toBe(false);
    }
  }
  if (existsSync(join(root, 'keys'))) for (const n of readdirSync(join(root, 'keys'))) JSON.parse(readFileSync(join(root, 'keys', n), 'utf8'));
}

describe('local store under SIGKILL', () => {
  it('keeps every acknowledged ticket and update, never tears a file, never reuses an id', async () => {
    const home = join(work, 'crash');
    const root = join(home, 'data', 'local');
    const created = new Map<string, string>(); // id → "run R seq S"
    const acked = new Map<string, string>(); // id → last acknowledged status
    const attempted = new Map<string, string>(); // id → last attempted status
    const kills = 20;
    let killedHoldingLock = 0;
    for (let run = 0; run < kills; run++) {
      const c = start(['crash', home, String(run)]);
      // wait until it is working, then kill it at a random instant
      const t0 = Date.now();
      while (!c.out().includes('created') && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      c.proc.kill('SIGKILL');
      await c.done;
      if (existsSync(join(root, 'lock'))) killedHoldingLock++;
      for (const line of c.out().split('\n')) {
        let m = /^created (\d+) (run \d+ seq \d+)$/.exec(line);
        if (m) {
          expect(created.has(m[1]), `id ${m[1]} handed out twice`).toBe(false);
          created.set(m[1], m[2]);
          acked.set(m[1], 'new');
          continue;
        }
        m = /^attempt (\d+) (\S+)$/.exec(line);
        if (m) attempted.set(m[1], m[2]);
        m = /^updated (\d+) (\S+)$/.exec(line);
        if (m) acked.set(m[1], m[2]);
      }
    }
    expect(created.size).toBeGreaterThanOrEqual(kills);
    // Most instants fall inside the lock (that is where the process spends its time): the
    // interesting case, a writer killed mid-write, must have happened.
    expect(killedHoldingLock).toBeGreaterThan(0);

    // A fresh writer takes the lock over (if the last victim held it) and sweeps its leftovers.
    const b = localBackend(home);
    const extra = await b.createTicket({
      category: 'DMS',
      subject: 'after the crashes',
      body: 'x',
      priority: 'normal',
      type: null,
      fields: {},
      attachments: [],
      cc: [],
      tags: [],
    });
    expect(created.has(extra.id)).toBe(false);
    checkFiles(root);

    const list = await b.listTickets({ limit: 0, sort: 'created' });
    const byId = new Map(list.map((t) => [t.id, t]));
    expect(new Set(list.map((t) => t.id)).size).toBe(list.length);
    const files = readdirSync(join(root, 'tickets')).length;
    expect(list.length).toBe(files);
    for (const [id, what] of created) {
      const t = byId.get(id);
      expect(t, `acknowledged ticket ${id} missing from the list`).toBeTruthy();
      expect(t!.subject).toBe(what);
      const full = await b.getTicket(id, { comments: true });
      expect(full.subject).toBe(what);
      // every attachment a saved comment refers to is there, whole
      for (const c of full.comments!) {
        for (const a of c.attachments) expect(statSync(fileURLToPath(a.url!)).size).toBe(a.size);
      }
      // The last acknowledged status, or a later one that was written but not yet acknowledged.
      expect([acked.get(id), attempted.get(id)]).toContain(full.status);
      expect(t!.status).toBe(full.status);
    }
    // Idempotency keys survived too: retrying an acknowledged create returns the same ticket.
    const [someId, what] = [...created][0];
    const [, r, s] = /run (\d+) seq (\d+)/.exec(what)!;
    const again = await b.createTicket({ category: 'DMS', subject: 'retry', body: 'x', priority: 'normal', type: null, fields: {}, attachments: [], cc: [], tags: [], idempotencyKey: `run-${r}-${s}` });
    expect(again.id).toBe(someId);
  }, 120_000);
});

describe('local store with 20 concurrent processes', () => {
  it('loses nothing and hands out ids 1..N exactly once', async () => {
    const home = join(work, 'concurrent');
    const workers = 20;
    const each = 5;
    const procs = Array.from({ length: workers }, (_, n) => start(['concurrent', home, String(n), String(each)]));
    const codes = await Promise.all(procs.map((p) => p.done));
    expect(codes).toEqual(Array(workers).fill(0));
    const reported = procs.flatMap((p) => (JSON.parse(p.out().trim()) as { ids: string[] }).ids);
    const n = workers * each;
    expect(reported.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    const b = localBackend(home);
    const list = await b.listTickets({ limit: 0, sort: 'created' });
    expect(list.map((t) => Number(t.id)).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const t of list) {
      const w = /^worker (\d+) ticket \d+$/.exec(t.subject)![1];
      expect(t.status).toBe('pending');
      expect(t.tags).toEqual([`w${w}`]);
      expect(t.cc).toEqual([`w${w}@example.com`]);
      const full = await b.getTicket(t.id, { comments: true });
      expect(full.comments!.map((c) => c.body)).toEqual([`from worker ${w}`, `reply from worker ${w}`]);
    }
    checkFiles(join(home, 'data', 'local'));
    const store = new LocalStore(join(home, 'data', 'local'));
    expect(store.readState().lastId).toBe(n);
  }, 120_000);
});
