import type { Context } from '../context/index.js';
import { neutralize } from './sanitize.js';
import { paint } from './output.js';

/**
 * How message and article bodies are printed: Markdown rendered for a terminal, or as stored
 * (neutralised either way) when piped, with --json or with --raw. `stream` is where the text goes
 * (the wizard writes articles to stderr).
 */
export async function bodyRenderer(ctx: Context, opts: { raw?: boolean; stream?: 'stdout' | 'stderr'; width?: number } = {}): Promise<(text: string) => string> {
  const stream = opts.stream ?? 'stdout';
  const out = ctx.io[stream];
  if (opts.raw || (stream === 'stdout' && ctx.globals.json) || out.isTTY !== true || ctx.env.TERM === 'dumb') return (s) => neutralize(s);
  const { renderMarkdown, supportsHyperlinks } = await import('./markdown.js');
  const c = paint(ctx, stream);
  const width = Math.min(opts.width ?? (out.columns && out.columns > 0 ? out.columns : 80), 100);
  const hyperlinks = ctx.color[stream] && supportsHyperlinks(ctx.env, true);
  return (s) => renderMarkdown(s, { width, c, hyperlinks });
}
