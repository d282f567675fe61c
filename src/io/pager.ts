import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Context } from '../context/index.js';
import { isCI } from '../context/index.js';

// On a terminal, output taller than the screen goes through a pager: $TICKET_PAGER, else $PAGER,
// else `less -FRX` when it is installed (-F: quit at once when it fits, -R: keep colours, -X: leave
// the text on the screen). Never when piped, with --json, in CI or with --no-pager; TICKET_PAGER=cat
// (or an empty TICKET_PAGER) turns it off. A pager the user quits early (q) is not an error.

/** The pager command to run for this invocation, or null when output goes straight to stdout. */
export function pagerCommand(ctx: Context): string | null {
  const out = ctx.io.stdout;
  if (out.isTTY !== true || ctx.globals.json || ctx.globals.pager === false || isCI(ctx.env)) return null;
  const env = ctx.env;
  const chosen = env.TICKET_PAGER !== undefined ? env.TICKET_PAGER : env.PAGER !== undefined ? env.PAGER : onPath('less', env.PATH) ? 'less -FRX' : null;
  if (chosen === null) return null;
  const cmd = chosen.trim();
  if (!cmd || cmd === 'cat' || /(^|\/)cat$/.test(cmd)) return null;
  return cmd;
}

function onPath(program: string, path: string | undefined): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      /* not here */
    }
  }
  return false;
}

/** Does `text` need more lines than the terminal has? (Lines wider than the screen wrap.) */
function taller(text: string, rows: number, columns: number): boolean {
  let n = 0;
  for (const line of text.split('\n')) {
    n += Math.max(1, Math.ceil(line.replace(/\u001b\[[0-9;]*m/g, '').length / Math.max(1, columns)));
    if (n >= rows) return true;
  }
  return false;
}

/**
 * Write `text` (a whole command output) to stdout, through the pager when it is taller than the
 * screen. Resolves when the pager has exited.
 */
export async function writePaged(ctx: Context, text: string): Promise<void> {
  const out = ctx.io.stdout as typeof ctx.io.stdout & { rows?: number };
  const cmd = pagerCommand(ctx);
  const rows = out.rows;
  if (!cmd || typeof rows !== 'number' || rows <= 0 || !taller(text, rows, out.columns ?? 80)) {
    out.write(text);
    return;
  }
  const ran = await runPager(ctx, cmd, text);
  if (!ran) out.write(text);
}

/** Resolves false when the pager could not be started (then the caller prints directly). */
function runPager(ctx: Context, cmd: string, text: string): Promise<boolean> {
  return import('node:child_process').then(
    ({ spawn }) =>
      new Promise<boolean>((resolve) => {
        const env: Record<string, string | undefined> = { ...ctx.env };
        // What less needs to keep colours and exit when the text fits, unless the user set it.
        if (env.LESS === undefined) env.LESS = 'FRX';
        if (env.LV === undefined) env.LV = '-c';
        // The pager owns the terminal while it runs: Ctrl-C is for it (less ignores it), not for us.
        const sigs = ctx.deps.signals;
        const ignore = () => {};
        sigs?.on('SIGINT', ignore);
        let child;
        try {
          child = spawn('/bin/sh', ['-c', cmd], { stdio: ['pipe', 'inherit', 'inherit'], env: env as NodeJS.ProcessEnv });
        } catch {
          sigs?.off('SIGINT', ignore);
          resolve(false);
          return;
        }
        // The user quits before reading everything: EPIPE on the pager's stdin is expected.
        child.stdin!.on('error', () => {});
        child.on('error', () => {
          sigs?.off('SIGINT', ignore);
          resolve(false);
        });
        child.on('close', (code) => {
          sigs?.off('SIGINT', ignore);
          // 127: the shell found no such command; nothing was shown, so print directly.
          resolve(code !== 127);
        });
        child.stdin!.end(text);
      }),
  );
}
