import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Article } from '../../model.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const kb = program.command('kb').description(t('adm.help.kb'));
  kb.command('search')
    .description(t('adm.help.kb.search'))
    .argument('<query...>', t('adm.help.kb.search.query'))
    .option('--category <category>', t('adm.help.kb.search.category'))
    .option('-L, --limit <n>', t('adm.help.kb.search.limit'), '5')
    .action(async (words: string[], flags: { category?: string; limit: string }) =>
      runKbSearch(host.context(), words.join(' '), flags),
    );
  kb.command('show')
    .description(t('adm.help.kb.show'))
    .argument('<id>', t('adm.help.kb.show.id'))
    .option('--raw', t('adm.help.kb.show.raw'))
    .action(async (id: string, flags: { raw?: boolean }) => runKbShow(host.context(), id, flags));
}

export async function runKbSearch(ctx: Context, query: string, flags: { category?: string; limit: string }): Promise<void> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(msg('adm.kb.limit', { value: flags.limit }));
  if (!query.trim()) throw new UsageError(msg('adm.kb.empty'), { hint: msg('adm.kb.empty.hint') });
  const backend = await ctx.backend();
  const articles = await backend.searchKb(query, { category: flags.category ?? null, limit, lang: ctx.language() });
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(articles) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  if (!articles.length) {
    if (ctx.io.stdout.isTTY) ctx.io.stdout.write(ctx.t('adm.kb.noMatch') + '\n');
    return;
  }
  const { paint } = await import('../../io/output.js');
  const c = paint(ctx);
  for (const a of articles) {
    if (ctx.io.stdout.isTTY) {
      const url = a.url ? '  ' + c.dim(a.url) : '';
      ctx.io.stdout.write(`${c.bold(neutralizeLine(a.id))}  ${c.bold(neutralizeLine(a.title))}${url}\n`);
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

export async function runKbShow(ctx: Context, id: string, flags: { raw?: boolean } = {}): Promise<void> {
  const backend = await ctx.backend();
  const article = await backend.getArticle(id);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(article) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  const { paint } = await import('../../io/output.js');
  const c = paint(ctx);
  const head = `${c.bold(neutralizeLine(article.title))}${article.url ? `\n${c.dim(neutralizeLine(article.url))}` : ''}\n\n`;
  if (ctx.io.stdout.isTTY && !flags.raw && article.format !== 'html' && article.format !== 'text') {
    // Markdown rendered for the terminal, through the pager when it is long.
    const { bodyRenderer } = await import('../../io/body.js');
    const { writePaged } = await import('../../io/pager.js');
    const render = await bodyRenderer(ctx, { raw: flags.raw });
    await writePaged(ctx, head + render(article.body ?? article.snippet ?? '').trimEnd() + '\n');
    return;
  }
  ctx.io.stdout.write(head);
  ctx.io.stdout.write((await articleText(article)).trimEnd() + '\n');
}
