import type { Context } from '../context/index.js';

/**
 * Run `fn` with an ora spinner on stderr — only on a terminal, never with --json, and not for the
 * local backend, which answers faster than a spinner can draw.
 */
export async function withSpinner<T>(ctx: Context, text: string, fn: () => Promise<T>): Promise<T> {
  if (!ctx.interactiveErr || ctx.globals.json || ctx.profile().backend === 'local') return fn();
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
