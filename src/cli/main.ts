import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { VERSION } from '../version.js';
import { helpLanguage } from './help-lang.js';
import type { Deps } from './context.js';

/**
 * Run one invocation and return its exit code. The process ends only in main() below, with this
 * number; tests call run() in-process with fake streams. Everything is imported lazily so that
 * start-up stays close to node's own.
 */
export async function run(argv: string[], deps: Deps): Promise<number> {
  const mcp = mcpInvocation(argv);
  if (mcp) {
    // `ticket mcp` is started by an agent's client for every session: it goes straight to the server,
    // without building the commander program (same globals, same Context, same exit codes).
    const { runMcp } = await import('./run.js');
    return runMcp(mcp, deps);
  }
  const { runProgram } = await import('./run.js');
  return runProgram(argv, deps);
}

/** `ticket [--profile NAME] [--debug] [--lang L] [--no-color] [--no-input] [--json] mcp`, else null (commander handles it). */
export function mcpInvocation(argv: string[]): { profile?: string; debug: boolean; lang?: string; color: boolean } | null {
  let seen = false;
  const g: { profile?: string; debug: boolean; lang?: string; color: boolean } = { debug: false, color: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'mcp' && !seen) seen = true;
    else if (a === '--debug') g.debug = true;
    else if (a === '--no-color') g.color = false;
    else if (a === '--no-input' || a === '--json') continue;
    else if ((a === '--profile' || a === '--lang') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) g[a === '--profile' ? 'profile' : 'lang'] = argv[++i];
    else if (a.startsWith('--profile=')) g.profile = a.slice(10);
    else return null;
  }
  if (g.lang !== undefined && !['en', 'fr', 'ro'].includes(g.lang)) return null;
  return seen ? g : null;
}

/**
 * `ticket --version` and `ticket --help` are the most frequent invocations of all and must start
 * as fast as node itself: the version is a constant, and the root help is rendered once at build
 * time (scripts/build.mjs, 80 columns, one file per language) by the same commander program.
 * Anything else goes through commander.
 */
function fastPath(argv: string[], out: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (argv.length !== 1) return false;
  if (argv[0] === '--version' || argv[0] === '-V') {
    out.write(VERSION + '\n');
    return true;
  }
  if ((argv[0] === '--help' || argv[0] === '-h') && (!out.isTTY || (out.columns ?? 80) >= 80)) {
    try {
      const lang = helpLanguage(argv, env);
      out.write(readFileSync(new URL(lang === 'en' ? './help.txt' : `./help.${lang}.txt`, import.meta.url), 'utf8'));
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

/** Entry point of the binary: real streams, real environment, and the process exit code. */
export async function main(): Promise<void> {
  if (fastPath(process.argv.slice(2), process.stdout, process.env)) return;
  // Tab in a shell: answered from the command tree written at build time, without commander.
  if (process.argv[2] === '__complete') {
    try {
      const lang = helpLanguage(process.argv.slice(3), process.env);
      const tree = JSON.parse(readFileSync(new URL(lang === 'en' ? './completion-tree.json' : `./completion-tree.${lang}.json`, import.meta.url), 'utf8'));
      const [{ runComplete }, { resolvePaths }] = await Promise.all([import('../completion/complete.js'), import('../config/paths.js')]);
      process.stdout.write(await runComplete(tree, process.argv.slice(3), resolvePaths(process.env), process.env));
      return;
    } catch {
      /* no tree (a development build): the program answers below */
    }
  }
  // undici parses HTTP with a WebAssembly build of llhttp. V8's optimizing tier compiles it in the
  // background and holds the process ~65 ms at exit; a CLI makes a handful of requests, for which
  // the baseline compiler is plenty (measured: 220 → 155 ms for one request).
  setFlagsFromString('--liftoff-only');
  // `ticket list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // What a signal prints, in the invocation's language.
  const argv = process.argv.slice(2);
  const lang = helpLanguage(argv, process.env);
  const { loadLanguage, translator } = await import('../i18n/messages.js');
  await loadLanguage(lang);
  const cancelled = translator(lang)('err.cancelled');
  const code = await run(argv, {
    io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    signals: endOnSignals(cancelled),
  });
  process.exitCode = code;
  // Should a library leave a handle open (a terminal left in raw mode after a hang-up), do not hang:
  // the exit code is known and everything that matters was written synchronously.
  setTimeout(() => process.exit(code), code === 130 ? 200 : 3000).unref();
}

/**
 * SIGINT, SIGTERM and SIGHUP end the process promptly with exit 130 (cancelled), whatever it is
 * doing. Code that cancels cleanly (the wizard saves its draft, bulk finishes the item in flight)
 * registers through the returned source and gets a moment to do so; otherwise the process ends at
 * once. Writes are atomic and a create's idempotency key is saved before it is sent, so ending
 * here loses nothing and a re-run finds what was done.
 */
function endOnSignals(cancelledText: string): Pick<NodeJS.Process, 'on' | 'off'> {
  const own = new Map<string, number>();
  const GRACE_MS = 2000;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if ((own.get(sig) ?? 0) > 0) {
        setTimeout(() => process.exit(130), GRACE_MS).unref();
        return;
      }
      try {
        process.stderr.write(cancelledText + '\n');
      } catch {
        /* a closed terminal */
      }
      process.exit(130);
    });
  }
  const source = {
    on(ev: string, fn: (...a: unknown[]) => void) {
      own.set(ev, (own.get(ev) ?? 0) + 1);
      process.on(ev, fn);
      return source;
    },
    off(ev: string, fn: (...a: unknown[]) => void) {
      own.set(ev, Math.max(0, (own.get(ev) ?? 0) - 1));
      process.off(ev, fn);
      return source;
    },
  };
  return source as unknown as Pick<NodeJS.Process, 'on' | 'off'>;
}
