import type { IOStreams } from '../io/streams.js';
import { isTTY } from '../io/streams.js';
import type { Paths } from '../config/paths.js';
import type { Prompter } from '../prompts/prompter.js';
import type { Backend } from '../backends/backend.js';
import type { BackendContext } from '../backends/context.js';
import type { ResolvedProfile } from '../config/resolve.js';
import type { Translate } from '../i18n/messages.js';
import type { ProgramRunner } from '../io/clipboard.js';

export type Env = Record<string, string | undefined>;

export interface GlobalOptions {
  profile?: string;
  json: boolean;
  input: boolean; // false with --no-input
  color: boolean; // false with --no-color
  debug: boolean;
  lang?: string;
  /** false with --no-pager. */
  pager?: boolean;
  /** --fields a,b,c: only these keys of each ticket (implies --json). Raw; checked in buildContext. */
  fields?: string | string[];
}

/** Things tests replace: the HTTP dispatcher, the prompter, the clock, how check commands run. */
export interface Deps {
  io: IOStreams;
  env: Env;
  now?: () => Date;
  /** undici Dispatcher (a MockAgent in tests). */
  dispatcher?: unknown;
  prompter?: Prompter;
  /** Build the backend (tests pass an in-memory one); default: the configured adapter. */
  createBackend?: (bc: BackendContext) => Promise<Backend>;
  /** Registered signal handlers need a process; tests pass a fake. */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Open a URL in the browser (`browse`, `show --web`); default: xdg-open / open / start. Resolves false when no opener ran. */
  openUrl?: (url: string) => Promise<boolean>;
  /** Run a helper program such as the clipboard reader (no shell); default: child_process. */
  runProgram?: ProgramRunner;
}

/**
 * Everything a command needs, built once per invocation in src/cli. Heavy pieces (backend,
 * prompter) are created lazily so `ticket --version` loads none of them.
 */
export interface Context {
  io: IOStreams;
  env: Env;
  now: () => Date;
  paths: Paths;
  globals: GlobalOptions;
  deps: Deps;
  /** Colour on stdout / stderr (TTY, NO_COLOR, FORCE_COLOR, TERM=dumb, --no-color). */
  color: { stdout: boolean; stderr: boolean };
  /** May we ask questions? (stdin and stderr are terminals, no CI, no --no-input) */
  canPrompt: boolean;
  /** Is stderr a terminal, i.e. do progress and hints make sense? */
  interactiveErr: boolean;
  profile(): ResolvedProfile;
  backend(): Promise<Backend>;
  prompter(): Promise<Prompter>;
  language(): string;
  /** Say a catalogue message in the user's language (see src/i18n). */
  t: Translate;
  /** Close the backend's sockets and locks, if one was created. */
  dispose(): Promise<void>;
}

export function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function isCI(env: Env): boolean {
  return truthy(env.CI);
}

export function colorFor(stream: { isTTY?: boolean }, env: Env, flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY(stream);
}

export function computeCanPrompt(io: IOStreams, env: Env, globals: GlobalOptions): boolean {
  if (!globals.input) return false;
  if (isCI(env)) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY(io.stdin) && isTTY(io.stderr);
}

/** What every command file receives to register itself. */
export interface CommandHost {
  /** The Context of this invocation; call inside an action only. */
  context(): Context;
  /** The language of help text, known before parsing (--lang, then the environment). */
  t: Translate;
}
