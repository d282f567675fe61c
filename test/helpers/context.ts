// The one way tests build a Context (for calling commands and operations directly with an injected
// Backend) and a BackendContext (for adapter tests), plus the captured output streams both use.
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { translator } from '../../src/i18n/messages.js';
import type { Context } from '../../src/context/index.js';
import type { Backend } from '../../src/backends/backend.js';
import type { BackendContext } from '../../src/backends/context.js';
import type { Prompter } from '../../src/prompts/prompter.js';
import type { Profile } from '../../src/config/profile.js';
import type { ResolvedProfile } from '../../src/config/resolve.js';

export type Sink = PassThrough & { isTTY?: boolean; columns?: number; text(): string };

/** A captured output stream; a terminal of `columns` columns when `tty`. */
export function sink(tty: boolean, columns = 120): Sink {
  const s = new PassThrough() as Sink;
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.text = () => Buffer.concat(chunks).toString('utf8');
  if (tty) {
    s.isTTY = true;
    s.columns = columns;
  }
  return s;
}

export interface FakeCtx extends Context {
  out(): string;
  err(): string;
}

/** A Context whose backend() is `backend`, with captured stdout/stderr and a temporary home. */
export function fakeContext(
  backend: Backend,
  opts: { home?: string; env?: Record<string, string | undefined>; stdin?: string; tty?: boolean; json?: boolean; prompter?: Prompter; profile?: Partial<ResolvedProfile>; now?: () => Date } = {},
): FakeCtx {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'ticket-fake-'));
  const out = sink(Boolean(opts.tty), 100);
  const err = sink(Boolean(opts.tty), 100);
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.tty) stdin.isTTY = true;
  stdin.end(opts.stdin ?? '');
  const profile: ResolvedProfile = { backend: 'local', profileName: null, sources: {}, ...opts.profile } as ResolvedProfile;
  const env = { ...opts.env };
  return {
    io: { stdin, stdout: out, stderr: err },
    env,
    now: opts.now ?? (() => new Date()),
    paths: { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') },
    globals: { json: Boolean(opts.json), input: true, color: false, debug: false },
    deps: { io: { stdin, stdout: out, stderr: err }, env },
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

/** A BackendContext for adapter tests: no config file, the given profile and dispatcher. */
export function backendContext(profile: Partial<Profile> & Pick<Profile, 'backend'>, extra: Partial<BackendContext> = {}): BackendContext {
  return {
    profile: { profileName: 'test', sources: {}, ...profile },
    paths: { config: '/nonexistent/config', state: '/nonexistent/state', data: '/nonexistent/data' },
    env: {},
    now: () => new Date(),
    lang: 'en',
    ...extra,
  };
}
