import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('categories')
    .alias('category')
    .description(host.t('help.categories.desc'))
    .argument('[id]', host.t('help.categories.id'))
    .action(async (id: string | undefined) => runCategories(host.context(), id));
}

export async function runCategories(ctx: Context, id: string | undefined): Promise<void> {
  const backend = await ctx.backend();
  const views = await import('../../io/views.js');
  if (id) {
    const { resolveCategory } = await import('../../forms/validate.js');
    const summary = resolveCategory(await backend.listCategories(), id);
    const category = await backend.getCategory(summary.id);
    if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify(category) + '\n');
    else ctx.io.stdout.write(views.renderCategory(ctx, category) + '\n');
    return;
  }
  const categories = await backend.listCategories();
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(categories) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  const { categoryName } = await import('../../forms/localize.js');
  const w = Math.max(0, ...categories.map((c) => c.id.length));
  for (const c of categories) {
    const fields = c.fields.length ? `  ${ctx.t('form.view.fields', { count: c.fields.length })}` : '';
    ctx.io.stdout.write(`${neutralizeLine(c.id).padEnd(w)}  ${neutralizeLine(categoryName(c, ctx.language()))}${fields}\n`);
  }
}
