import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { helpBlock } from '../help-text.js';

const EXAMPLES = ['ticket drafts list', 'ticket drafts resume            # {latest}', 'ticket drafts drop 20261123-101500-a3f9'];

// `ticket drafts list|resume|drop`: the unfinished tickets of `ticket new` (<state>/drafts).

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const examples = EXAMPLES.map((l) => l.replace('{latest}', t('adm.help.drafts.latest')));
  const drafts = program.command('drafts').description(t('adm.help.drafts')).addHelpText('after', helpBlock(t('adm.help.examples'), examples));
  drafts
    .command('list', { isDefault: true })
    .alias('ls')
    .description(t('adm.help.drafts.list'))
    .action(async () => listDrafts(host.context()));
  drafts
    .command('resume [id]')
    .description(t('adm.help.drafts.resume'))
    .action(async (id: string | undefined) => {
      const ctx = host.context();
      const { runNew } = await import('../ticket/new.js');
      return runNew(ctx, { resume: id ?? true });
    });
  drafts
    .command('drop <id...>')
    .alias('rm')
    .description(t('adm.help.drafts.drop'))
    .action(async (ids: string[]) => dropDrafts(host.context(), ids));
}

interface DraftSummary {
  id: string;
  subject: string | null;
  category: string | null;
  createdAt: string;
  updatedAt: string;
  profile: string | null;
  backend: string;
  resume: string;
}

async function summaries(ctx: Context): Promise<DraftSummary[]> {
  const { DraftStore, resumeCommand } = await import('../../drafts/store.js');
  return new DraftStore(ctx.paths.state).list().map((d) => ({
    id: d.id,
    subject: d.answers.subject ?? null,
    category: d.answers.category ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    profile: d.profile,
    backend: d.backend,
    resume: resumeCommand(d.id),
  }));
}

async function listDrafts(ctx: Context): Promise<void> {
  const list = await summaries(ctx);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(list) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../../io/sanitize.js');
  const t = ctx.t;
  if (!list.length) {
    if (ctx.interactiveErr) ctx.io.stderr.write(t('draft.empty') + '\n');
    return;
  }
  const tty = ctx.io.stdout.isTTY === true;
  for (const d of list) {
    const subject = neutralizeLine(d.subject ?? t('draft.untitled'));
    if (tty) ctx.io.stdout.write(`${d.id}  ${d.updatedAt.slice(0, 16).replace('T', ' ')}  ${(d.category ?? '-').padEnd(8)} ${subject}\n`);
    else ctx.io.stdout.write(`${d.id}\t${d.updatedAt}\t${d.category ?? ''}\t${subject}\n`);
  }
}

async function dropDrafts(ctx: Context, ids: string[]): Promise<void> {
  const { DraftStore } = await import('../../drafts/store.js');
  const store = new DraftStore(ctx.paths.state);
  const missing = ids.filter((id) => !store.get(id));
  if (missing.length) {
    throw new NotFoundError(msg('draft.notFound', { id: missing.join(', ') }), { hint: msg('draft.hint.list') });
  }
  for (const id of ids) store.drop(id);
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify(ids.map((id) => ({ id, ok: true, action: 'dropped' }))) + '\n');
  else if (ctx.interactiveErr) for (const id of ids) ctx.io.stderr.write(ctx.t('draft.dropped', { id }) + '\n');
}
