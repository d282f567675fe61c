// A Context for calling command functions directly with an injected Backend.
import { translator } from '../../src/i18n/messages.js';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../src/cli/context.js';
import type { Backend } from '../../src/backends/backend.js';
import type { Prompter } from '../../src/prompts/prompter.js';
import type { ResolvedProfile } from '../../src/config/resolve.js';

export interface FakeCtx extends Context {
  out(): string;
  err(): string;
}

function sink(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  if (tty) {
    s.isTTY = true;
    s.columns = 100;
  }
  return { s, text: () => Buffer.concat(chunks).toString('utf8') };
}

export function fakeContext(
  backend: Backend,
  opts: { home?: string; env?: Record<string, string | undefined>; stdin?: string; tty?: boolean; json?: boolean; prompter?: Prompter; profile?: Partial<ResolvedProfile>; now?: () => Date } = {},
): FakeCtx {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'ticket-fake-'));
  const out = sink(Boolean(opts.tty));
  const err = sink(Boolean(opts.tty));
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.tty) stdin.isTTY = true;
  stdin.end(opts.stdin ?? '');
  const profile: ResolvedProfile = { backend: 'local', profileName: null, sources: {}, ...opts.profile } as ResolvedProfile;
  const env = { ...opts.env };
  return {
    io: { stdin, stdout: out.s, stderr: err.s },
    env,
    now: opts.now ?? (() => new Date()),
    paths: { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') },
    globals: { json: Boolean(opts.json), input: true, color: false, debug: false },
    deps: { io: { stdin, stdout: out.s, stderr: err.s }, env },
    color: { stdout: false, stderr: false },
    canPrompt: Boolean(opts.tty),
    interactiveErr: Boolean(opts.tty),
    profile: () => profile,
    backend: async () => backend,
    prompter: async () => {
      if (!opts.prompter) throw new Error('unexpected prompt');
      return opts.prompter;
    },
    language: () => 'en',
    t: translator('en'),
    dispose: async () => undefined,
    out: out.text,
    err: err.text,
  };
}
