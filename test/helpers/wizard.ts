import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Backend } from '../../src/backends/backend.js';
import type { Prompter } from '../../src/prompts/prompter.js';
import type { CreateInput } from '../../src/model.js';
import { tempHome } from './run-cli.js';
import type { MemoryBackend } from './memory-backend.js';

export interface WizardRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fake process for signal handlers: tests emit SIGTERM/SIGHUP on it. */
export class FakeSignals extends EventEmitter {}

function sink() {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text(): string };
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.text = () => Buffer.concat(chunks).toString('utf8');
  s.isTTY = true;
  s.columns = 100;
  return s;
}

/** `ticket ARGV` in-process on fake terminals, with an in-memory backend and a fake prompter. */
export async function runTty(
  argv: string[],
  opts: { prompter: Prompter; backend?: Backend; home: string; env?: Record<string, string>; signals?: FakeSignals; dispatcher?: unknown; tty?: boolean },
): Promise<WizardRun> {
  const stdout = sink();
  const stderr = sink();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.tty === false) {
    stdout.isTTY = stderr.isTTY = false;
    stdin.end();
  } else stdin.isTTY = true;
  const code = await run(argv, {
    io: { stdin, stdout, stderr },
    env: { PATH: process.env.PATH, HOME: opts.home, TICKET_HOME: opts.home, LANG: 'C', NO_COLOR: '1', ...opts.env },
    prompter: opts.prompter,
    dispatcher: opts.dispatcher,
    signals: opts.signals as never,
    createBackend: opts.backend ? async () => opts.backend! : undefined,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export function home(): string {
  return tempHome('ticket-wizard-');
}

export function drafts(h: string): string[] {
  try {
    return readdirSync(join(h, 'state', 'drafts')).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
}

export function readDraft(h: string, name: string): { id: string; answers: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(h, 'state', 'drafts', name), 'utf8'));
}

export function created(b: MemoryBackend): CreateInput[] {
  return b.calls.filter((c) => c.method === 'createTicket').map((c) => c.args[0] as CreateInput);
}
