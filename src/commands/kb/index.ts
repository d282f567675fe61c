import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Article } from '../../model.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  const kb = program.command('kb').description('knowledge-base search and articles');
  kb.command('search')
    .description('search the knowledge base (best matches first)')
    .argument('<query...>', 'words to look for')
    .option('--category <category>', 'prefer articles of this category')
    .option('-L, --limit <n>', 'at most n articles', '5')
    .action(async (words: string[], flags: { category?: string; limit: string }) =>
      runKbSearch(host.context(), words.join(' '), flags),
    );
  kb.command('show')
    .description('read one article in the terminal')
    .argument('<id>', 'article id')
    .action(async (id: string) => runKbShow(host.context(), id));
}

export async function runKbSearch(ctx: Context, query: string, flags: { category?: string; limit: string }): Promise<void> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a whole number ≥ 1 (got "${flags.limit}").`);
  if (!query.trim()) throw new UsageError('The search is empty.', { hint: 'Example: ticket kb search printer offline' });
  const backend = await ctx.backend();
  const articles = await backend.searchKb(query, { category: flags.category ?? null, limit, lang: ctx.language() });
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(articles) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  if (!articles.length) {
    if (ctx.io.stdout.isTTY) ctx.io.stdout.write('No article matches.\n');
    return;
  }
  const { paint } = await import('../../io/output.js');
  const c = paint(ctx);
  for (const a of articles) {
    if (ctx.io.stdout.isTTY) {
      ctx.io.stdout.write(`${c.bold(neutralizeLine(a.id))}  ${c.bold(neutralizeLine(a.title))}${a.url ? `  ${c.dim(a.url)}` : ''}\n`);
      if (a.snippet) ctx.io.stdout.write(`    ${c.dim(neutralizeLine(a.snippet))}\n`);
    } else {
      ctx.io.stdout.write(`${neutralizeLine(a.id)}\t${neutralizeLine(a.title)}\t${a.url ?? ''}\n`);
    }
  }
}

/** Article body as readable terminal text: Markdown as written, HTML converted. */
export async function articleText(a: Article): Promise<string> {
  const { neutralize } = await import('../../io/sanitize.js');
  let body = a.body ?? a.snippet ?? '';
  if (a.format === 'html') {
    const { convert } = await import('html-to-text');
    body = convert(body, { wordwrap: 100, selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }] });
  }
  return neutralize(body);
}

export async function runKbShow(ctx: Context, id: string): Promise<void> {
  const backend = await ctx.backend();
  const article = await backend.getArticle(id);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(article) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  const { paint } = await import('../../io/output.js');
  const c = paint(ctx);
  ctx.io.stdout.write(`${c.bold(neutralizeLine(article.title))}${article.url ? `\n${c.dim(article.url)}` : ''}\n\n`);
  ctx.io.stdout.write((await articleText(article)).trimEnd() + '\n');
}
