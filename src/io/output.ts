import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../context/index.js';
import { neutralize, safeJson } from './sanitize.js';
import { pickFields } from './fields.js';

// Data goes to stdout; progress, hints and prompts to stderr and only on a terminal; warnings and
// errors to stderr always. Nothing here decides colour: the Context did, once.

const painters = new WeakMap<Context, { out: ChalkInstance; err: ChalkInstance }>();

export function paint(ctx: Context, stream: 'stdout' | 'stderr' = 'stdout'): ChalkInstance {
  let p = painters.get(ctx);
  if (!p) {
    p = { out: new Chalk({ level: ctx.color.stdout ? 1 : 0 }), err: new Chalk({ level: ctx.color.stderr ? 1 : 0 }) };
    painters.set(ctx, p);
  }
  return stream === 'stdout' ? p.out : p.err;
}

export function writeOut(ctx: Context, text: string): void {
  ctx.io.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function writeJson(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(safeJson(value, ctx.io.stdout.isTTY ? 2 : 0) + '\n');
}

export function writeJsonLine(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(safeJson(value) + '\n');
}

/** Progress and confirmations for a person: stderr, terminal only, never with --json. */
export function info(ctx: Context, text: string): void {
  if (!ctx.interactiveErr || ctx.globals.json) return;
  ctx.io.stderr.write(text + '\n');
}

/** Something the user should know even in a script (stderr). */
export function warn(ctx: Context, text: string): void {
  const c = paint(ctx, 'stderr');
  ctx.io.stderr.write(`${c.yellow('!')} ${neutralize(text)}\n`);
}

/** --debug trace lines (stderr); callers redact secrets first. */
export function debug(ctx: Context, text: string): void {
  if (ctx.globals.debug) ctx.io.stderr.write(`[debug] ${text}\n`);
}

/** A ticket (or write result, or bulk line) as JSON output shows it: --fields applied. */
export function ticketJson<T extends object>(ctx: Context, value: T): Partial<T> | T {
  const f = ctx.globals.fields;
  return Array.isArray(f) ? pickFields(value, f) : value;
}
