import type { Command } from 'commander';
import { resolvePaths } from '../config/paths.js';
import { ConfigStore } from '../config/store.js';
import { resolveProfile, type ResolvedProfile } from '../config/resolve.js';
import type { Backend } from '../backends/backend.js';
import type { Prompter } from '../prompts/prompter.js';
import { colorFor, computeCanPrompt, type Context, type Deps, type GlobalOptions } from './context.js';
import { reportError } from './handle-error.js';
import { isTTY } from '../io/streams.js';
import { guardStream } from '../io/sanitize.js';
import { ExitCode } from '../errors.js';
import { pickLanguage } from '../i18n/lang.js';
import { loadLanguage, translator, type MessageKey, type Translate, type Vars } from '../i18n/messages.js';
import { helpLanguage } from './help-lang.js';
import { parseFields } from '../io/fields.js';
import { newRunId, withInvocation, type Invocation } from '../backends/invocation.js';

export function buildContext(deps: Deps, globals: GlobalOptions): Context {
  const env = deps.env;
  if (typeof globals.fields === 'string') {
    // Checked before anything is sent; the output layer (io/fields.ts) applies it.
    globals = { ...globals, fields: parseFields(globals.fields), json: true };
  }
  const paths = resolvePaths(env);
  let profile: ResolvedProfile | undefined;
  let backend: Promise<Backend> | undefined;
  let prompter: Promise<Prompter> | undefined;
  let tr: Translate | undefined;
  // Nothing raw that a terminal would act on reaches stdout or stderr, whichever path wrote it.
  const io = { ...deps.io, stdout: guardStream(deps.io.stdout), stderr: guardStream(deps.io.stderr) };
  const ctx: Context = {
    io,
    env,
    now: deps.now ?? (() => new Date()),
    paths,
    globals,
    deps,
    color: { stdout: colorFor(deps.io.stdout, env, globals.color), stderr: colorFor(deps.io.stderr, env, globals.color) },
    canPrompt: computeCanPrompt(deps.io, env, globals),
    interactiveErr: isTTY(deps.io.stderr) && env.TERM !== 'dumb',
    profile() {
      profile ??= resolveProfile(new ConfigStore(paths.config), env, globals.profile);
      return profile;
    },
    backend() {
      backend ??= (async () => {
        const { createBackend } = await import('../backends/registry.js');
        const { createScrubber } = await import('../redact/index.js');
        const p = ctx.profile();
        const scrub = createScrubber({ secrets: [p.token, p.password], env });
        const b = await (deps.createBackend ?? createBackend)({
          profile: p,
          paths,
          env,
          now: ctx.now,
          dispatcher: deps.dispatcher,
          debug: globals.debug ? (line: string) => deps.io.stderr.write(`[debug] ${scrub(line)}\n`) : undefined,
          warn: (line: string) => deps.io.stderr.write(`! ${line}\n`),
          lang: ctx.language(),
        });
        let out = b;
        if (b.kind !== 'local') {
          const { withCategoryCache } = await import('../backends/category-cache.js');
          const { createHash } = await import('node:crypto');
          const key = createHash('sha256').update(`${b.kind}\n${p.url ?? ''}\n${p.user ?? ''}`).digest('hex').slice(0, 16);
          out = withCategoryCache(b, `${paths.state}/cache/categories-${key}.json`);
        }
        // Every write is journaled, and every call checked against the profile's allowed operations
        // (the guard is outermost: a refused operation sends nothing, not even the journal's read).
        const { withJournal } = await import('../backends/journal.js');
        const { withGuard, Policy } = await import('../backends/guard.js');
        out = withJournal(out, { stateDir: paths.state, profile: p.profileName, now: ctx.now, t: ctx.t });
        return withGuard(out, new Policy(p, env.TICKET_ALLOW));
      })();
      // A backend that could not be created (a server down at log-in) is tried again next time: a
      // long-lived `ticket mcp` must not stay broken after an outage.
      backend.catch(() => {
        backend = undefined;
      });
      return backend;
    },
    prompter() {
      prompter ??= deps.prompter
        ? Promise.resolve(deps.prompter)
        : import('../prompts/inquirer.js').then((m) => m.createInquirerPrompter(deps.io));
      return prompter;
    },
    async dispose() {
      if (!backend) return;
      const b = await backend.catch(() => null);
      await b?.close?.();
    },
    t: ((k: MessageKey, vars?: Vars) => (tr ??= translator(ctx.language()))(k, vars)) as Translate,
    language() {
      let profileLang: string | undefined;
      try {
        profileLang = ctx.profile().lang;
      } catch {
        profileLang = undefined;
      }
      return pickLanguage(globals.lang, profileLang, env);
    },
  };
  return ctx;
}

/** Run one invocation and return its exit code (see run() in main.ts). */
export async function runProgram(argv: string[], deps: Deps): Promise<number> {
  const { createProgram } = await import('./program.js');
  // The one language this invocation speaks (help text is written when the commands register).
  await loadLanguage(helpLanguage(argv, deps.env));
  let ctx: Context | undefined;
  const globalsFrom = (program: Command): GlobalOptions => {
    const o = program.opts();
    return {
      profile: o.profile,
      // --fields implies --json (errors included).
      json: Boolean(o.json) || o.fields !== undefined,
      input: o.input !== false,
      color: o.color !== false,
      debug: Boolean(o.debug),
      lang: o.lang,
      pager: o.pager !== false,
      fields: o.fields,
    };
  };
  const program = createProgram({
    argv,
    io: deps.io,
    env: deps.env,
    getContext: (root) => {
      ctx ??= buildContext(deps, globalsFrom(root));
      return ctx;
    },
  });
  // Shell completion (`ticket completion`): answered from the command tree and local files only.
  // The built binary answers from dist/completion-tree.json (main.ts); this is the same answer
  // from the live program (tests, and `npm run build`'s `__tree`).
  if (argv[0] === '__complete' || argv[0] === '__tree') {
    const { commandTree } = await import('../completion/tree.js');
    const tree = commandTree(program);
    if (argv[0] === '__tree') {
      deps.io.stdout.write(JSON.stringify(tree) + '\n');
      return ExitCode.ok;
    }
    const { runComplete } = await import('../completion/complete.js');
    deps.io.stdout.write(await runComplete(tree, argv.slice(1), resolvePaths(deps.env), deps.env));
    return ExitCode.ok;
  }
  // What this invocation is, for the permission guard and the journal: the command's path, once
  // commander has found it.
  const inv: Invocation = { via: 'cli', op: '', run: newRunId() };
  program.hook('preAction', (_root, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    inv.op = names.join(' ');
  });
  try {
    await withInvocation(inv, () => program.parseAsync(argv, { from: 'user' }));
    return (program as unknown as { _exitCode?: number })._exitCode ?? ExitCode.ok;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return ExitCode.ok;
      }
      // commander already printed its message (unknown option, missing argument...) via configureOutput.
      return ExitCode.usage;
    }
    const g = ctx?.globals ?? globalsFrom(program);
    // Error text may quote a server's answer or a command: the one redaction of src/redact.
    const { createScrubber } = await import('../redact/index.js');
    let own: (string | undefined)[] = [];
    try {
      const p = ctx?.profile();
      own = [p?.token, p?.password];
    } catch {
      /* no profile */
    }
    const scrub = createScrubber({ secrets: own, env: deps.env });
    let t: Translate;
    try {
      t = ctx ? ctx.t : translator(pickLanguage(g.lang, undefined, deps.env));
    } catch {
      t = translator('en');
    }
    return reportError(
      { io: deps.io, json: g.json, debug: g.debug, color: colorFor(deps.io.stderr, deps.env, g.color), scrub, t },
      e,
    );
  } finally {
    await ctx?.dispose();
  }
}


/** `ticket mcp` without commander (see main.ts): the server until its client goes away. */
export async function runMcp(g: { profile?: string; debug: boolean; lang?: string; color: boolean }, deps: Deps): Promise<number> {
  const globals: GlobalOptions = { profile: g.profile, json: true, input: false, color: g.color, debug: g.debug, lang: g.lang };
  let ctx: Context | undefined;
  try {
    ctx = buildContext(deps, globals);
    await loadLanguage(ctx.language());
    const { runMcpServer } = await import('../mcp/server.js');
    await withInvocation({ via: 'cli', op: 'mcp', run: newRunId() }, () => runMcpServer(ctx!));
    return ExitCode.ok;
  } catch (e) {
    return reportError({ io: deps.io, json: true, debug: g.debug, color: false }, e);
  } finally {
    await ctx?.dispose();
  }
}
