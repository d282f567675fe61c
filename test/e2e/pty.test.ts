// A pseudo-terminal without a size (what `script` and many CI wrappers give: 0 columns): no
// spinner, the command ends, and every signal ends it promptly with exit 130. Runs the built
// binary under `script`, against a loopback Zendesk-like server that answers slowly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/bin.js';
import { startFake } from '../../bench/hardening/fake.mjs';

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let fake: Awaited<ReturnType<typeof startFake>>;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake?.close());

function run(args: string[], o: { pty: boolean; signalAfterMs?: number; signal?: NodeJS.Signals }): Promise<{ code: number | null; out: string; afterSignalMs: number | null; ms: number }> {
  const home = mkdtempSync(join(tmpdir(), 'ticket-pty-'));
  const env = { PATH: process.env.PATH!, HOME: home, TICKET_HOME: home, LANG: 'C', TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: 'ann@example.com', TICKET_TOKEN: 'zd-token-123456' };
  const line = [process.execPath, BIN, ...args].map(q).join(' ');
  const child = o.pty ? spawn('script', ['-qefc', line, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] }) : spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const started = Date.now();
  let signalledAt: number | null = null;
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  if (o.signalAfterMs !== undefined) {
    // Signal once the request is at the server (the process is past start-up, its handlers are in place).
    const fire = () => {
      if (!fake.state.seen.length) return void setTimeout(fire, 50);
      signalledAt = Date.now();
      // Under `script`, signal the node process (the child of script's shell).
      const pids = o.pty ? execFileSync('pgrep', ['-f', `^${process.execPath} ${BIN}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number) : [child.pid!];
      for (const p of pids) if (p !== process.pid) process.kill(p, o.signal ?? 'SIGTERM');
    };
    setTimeout(fire, o.signalAfterMs);
  }
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, out, afterSignalMs: signalledAt ? Date.now() - signalledAt : null, ms: Date.now() - started });
    }),
  );
}

describe.runIf(hasScript)('a pseudo-terminal with 0 columns', () => {
  for (const args of [['list'], ['show', '1'], ['create', '-c', 'default', '-s', 'Printer down', '-b', 'It jams', '--yes']]) {
    it(`${args[0]} ends with exit 0 (no spinner)`, async () => {
      fake.reset();
      fake.state.delayMs = 300;
      const r = await run(args, { pty: true });
      expect(r.code, r.out).toBe(0);
      expect(r.out).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    });
  }

  it('SIGTERM during a slow request ends the process promptly with 130', async () => {
    fake.reset();
    fake.state.delayMs = 10_000;
    const r = await run(['list'], { pty: true, signalAfterMs: 1500 });
    expect(r.code).toBe(130);
    expect(r.afterSignalMs).not.toBeNull();
    // Promptly: it ended while the server was still holding its (10 s) answer, not after it.
    expect(fake.state.delayedDue).toBe(0);
  });
});

describe('signals outside a terminal', () => {
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${sig} during a slow request: exit 130`, async () => {
      fake.reset();
      fake.state.delayMs = 10_000;
      const r = await run(['list'], { pty: false, signalAfterMs: 800, signal: sig });
      expect(r.code).toBe(130);
      expect(r.out).toMatch(/Cancelled/);
    });
  }
});
