import type { Context } from '../context/index.js';

/** Narrower than this (a pseudo-terminal without a size reports 0 columns), a spinner cannot draw. */
export const MIN_SPINNER_COLUMNS = 20;

/** Can a spinner be drawn on this stream? A terminal with a known, usable width. */
export function spinnerFits(stream: { isTTY?: boolean; columns?: number }): boolean {
  const cols = stream.columns;
  return stream.isTTY === true && typeof cols === 'number' && Number.isFinite(cols) && cols >= MIN_SPINNER_COLUMNS;
}

/**
 * Run `fn` with an ora spinner on stderr — only on a terminal with a usable width (ora redraws by
 * counting lines of `columns` characters: with 0 it never finishes), never with --json, and not for
 * the local backend, which answers faster than a spinner can draw.
 */
export async function withSpinner<T>(ctx: Context, text: string, fn: () => Promise<T>): Promise<T> {
  if (!ctx.interactiveErr || ctx.globals.json || !spinnerFits(ctx.io.stderr) || ctx.profile().backend === 'local') return fn();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: ctx.io.stderr, color: 'cyan', isEnabled: true, discardStdin: false }).start();
  try {
    const result = await fn();
    spinner.stop();
    return result;
  } catch (e) {
    spinner.stop();
    throw e;
  }
}
