// Drive the built `ticket` binary in a real terminal: a tmux session on a private socket, keys sent
// with send-keys, the screen read with capture-pane, and bounded polling instead of fixed sleeps.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/ticket.js', import.meta.url));

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class TmuxSession {
  readonly socket: string;
  readonly name = 'ticket';
  private started = false;

  constructor(id: string) {
    this.socket = `ticket-e2e-${process.pid}-${id}`;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Start `node bin/ticket.js ARGS` with exactly this environment; the pane stays after it exits. */
  start(args: string[], env: Record<string, string>): void {
    const envArgs = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    this.launch(`env -i ${envArgs.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}; echo "__EXIT=$?__"; sleep 600`);
  }

  /** Start an interactive shell command line (e.g. `bash --norc`) with exactly this environment. */
  startShell(argv: string[], env: Record<string, string>, size: { x: number; y: number } = { x: 160, y: 60 }): void {
    const envArgs = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    this.launch(`env -i ${envArgs.join(' ')} ${argv.map(shellQuote).join(' ')}`, size);
  }

  private launch(cmd: string, size: { x: number; y: number } = { x: 160, y: 60 }): void {
    // A tmux server can exit while starting ("server exited unexpectedly"): check, and retry.
    for (let attempt = 1; ; attempt++) {
      try {
        this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(size.x), '-y', String(size.y), cmd);
        this.tmux('has-session', '-t', this.name);
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        try {
          this.tmux('kill-server');
        } catch {
          /* not running */
        }
      }
    }
    this.started = true;
  }

  alive(): boolean {
    try {
      this.tmux('has-session', '-t', this.name);
      return true;
    } catch {
      return false;
    }
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-1000', '-t', this.name);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Wait until `pattern` appears at least `count` times on the screen (history included). */
  async waitFor(pattern: RegExp | string, opts: { count?: number; timeoutMs?: number } = {}): Promise<string> {
    const count = opts.count ?? 1;
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    let last = '';
    while (Date.now() < deadline) {
      if (!this.alive()) throw new Error(`The tmux session ended while waiting for ${String(pattern)}. Last screen:\n${last}`);
      last = this.screen();
      const n = last.match(re)?.length ?? 0;
      if (n >= count) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`Timed out waiting for ${String(pattern)} (x${count}). Screen:\n${last}`);
  }

  /** Wait for the question, then answer it: text + Enter (selects search by the typed text). */
  async answer(question: string, text: string, occurrence = 1): Promise<void> {
    await this.waitFor(`? ${question}`, { count: occurrence });
    if (text) this.type(text);
    this.keys('Enter');
  }

  async exitCode(timeoutMs = 20_000): Promise<number> {
    const s = await this.waitFor(/__EXIT=\d+__/, { timeoutMs });
    return Number(/__EXIT=(\d+)__/.exec(s)![1]);
  }

  /** The pid of `ticket` itself (a child of the pane's shell; `env -i` execs node). */
  ticketPid(): number {
    const shell = this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim();
    const out = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0];
    return Number(out);
  }

  kill(): void {
    if (!this.started) return;
    try {
      this.tmux('kill-server');
    } catch {
      /* already gone */
    }
    this.started = false;
  }
}
