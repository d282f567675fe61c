import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Prompter } from '../../src/prompts/prompter.js';
import type { Backend } from '../../src/backends/backend.js';
import { sink } from './context.js';

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text on stdin (stdin is then not a terminal). */
  stdin?: string;
  /** Pretend stdin/stdout/stderr are terminals. */
  tty?: boolean;
  prompter?: Prompter;
  dispatcher?: unknown;
  now?: () => Date;
  home?: string;
  backend?: Backend;
  /** Stands in for the system browser opener (browse, show --web). */
  openUrl?: (url: string) => Promise<boolean>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempHome(prefix = 'ticket-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Run `ticket ARGV` in-process with fake streams; returns exit code and captured output. */
export async function runCli(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const stdout = sink(Boolean(opts.tty));
  const stderr = sink(Boolean(opts.tty));
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.tty) stdin.isTTY = true;
  if (opts.stdin !== undefined) stdin.end(opts.stdin);
  else if (!opts.tty) stdin.end();
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: opts.home ?? tempHome(),
    TICKET_HOME: opts.home,
    LANG: 'C',
    ...opts.env,
  };
  if (!env.TICKET_HOME) env.TICKET_HOME = env.HOME;
  const code = await run(argv, {
    io: { stdin, stdout, stderr },
    env,
    prompter: opts.prompter,
    dispatcher: opts.dispatcher,
    now: opts.now,
    createBackend: opts.backend ? async () => opts.backend! : undefined,
    openUrl: opts.openUrl,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
