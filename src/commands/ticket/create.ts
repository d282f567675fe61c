import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Backend } from '../../backends/backend.js';
import type { CreateInput } from '../../model.js';
import { UsageError } from '../../errors.js';
import type { JustifyOptions } from '../../operations/priority.js';
import { msg, type Msg } from '../../i18n/msg.js';
import {
  checkSubject,
  checkBody,
  parseTags,
  parseKey,
  loadAttachments,
  parseCc,
  parseFieldPairs,
  parsePriority,
  parseType,
  readBody,
} from '../shared/options.js';
import { printCreated } from '../../io/created.js';
import { addCreateFlags, type CreateFlags } from './create-flags.js';
import { addClipboardFlag, addRequesterFlag, clipboardPath, dropClipboardFiles, parseRequester } from '../shared/contact-flags.js';

export { addCreateFlags, type CreateFlags };

export function register(program: Command, host: CommandHost): void {
  const cmd = addCreateFlags(program.command('create').description(host.t('help.create.desc')).addHelpText('after', host.t('help.create.after')), host.t).option(
    '--justification <text>',
    host.t('prio.flag.justification'),
  );
  addClipboardFlag(addRequesterFlag(cmd, host.t), host.t).action(async (flags: CreateFlags) => runCreate(host.context(), flags));
}

/** Missing inputs on a terminal → the wizard; elsewhere → a usage error that names the flag. */
export async function runCreate(ctx: Context, flags: CreateFlags): Promise<void> {
  const body = await readBody(ctx, flags);
  parseRequester(flags.requester);
  if (flags.attachClipboard) flags = { ...flags, attach: [...(flags.attach ?? []), await clipboardPath(ctx)], attachClipboard: false };
  const category = flags.category ?? ctx.profile().defaultCategory;
  const missing: string[] = [];
  if (!category) missing.push('--category');
  if (!flags.subject) missing.push('--subject');
  if (body === undefined) missing.push('--body/--body-file');
  if (missing.length) {
    if (ctx.canPrompt && !flags.dryRun) {
      const { runWizard } = await import('../../wizard/flow.js');
      await runWizard(ctx, { ...flags, body, bodyFile: undefined, category });
      return;
    }
    const or = (m: string) => (m === '--body/--body-file' ? msg('cmd.create.bodyOr') : m);
    throw new UsageError(msg('cmd.create.missing', { flags: joined(missing.map(or), 'cmd.create.comma') }), {
      hint: msg('cmd.create.missing.hint', { flags: joined(missing.map(or), 'cmd.create.and') }),
    });
  }
  const backend = await ctx.backend();
  const input = await buildCreateInput(ctx, backend, { ...flags, category: category!, body: body! }).catch(async (e: unknown) => {
    // Unreachable before anything could be queued: an urgent ticket still names the emergency contact.
    (await import('../../operations/priority.js')).announceFailure(ctx, flags.priority, e);
    throw e;
  });
  if (flags.dryRun) return printDryRun(ctx, backend, input);
  const { submitCreate } = await import('../../operations/submit.js');
  const { withSpinner } = await import('../../io/spinner.js');
  const result = await withSpinner(ctx, ctx.t('cmd.create.sending'), () => submitCreate(ctx, backend, input));
  await dropClipboardFiles(ctx, flags.attach ?? []);
  printCreated(ctx, result);
}

/**
 * Validate everything before anything is written: category, fields, subject length, CCs,
 * attachments. Throws ValidationError/UsageError (exit 2).
 */
export async function buildCreateInput(
  ctx: Context,
  backend: Backend,
  flags: CreateFlags & { category: string; subject?: string; body: string; justifyAs?: JustifyOptions },
): Promise<CreateInput> {
  const { resolveCategory, validateFields } = await import('../../forms/validate.js');
  const priority = flags.priority ? parsePriority(flags.priority) : 'normal';
  // No --type: none is sent, and the backend's own default applies (not every backend stores one).
  const type = flags.type ? parseType(flags.type) : null;
  const cc = parseCc(flags.cc);
  const pairs = parseFieldPairs(flags.field);
  const subject = checkSubject(flags.subject ?? '', backend.capabilities.subjectMaxLength);
  checkBody(flags.body);
  const tags = parseTags(flags.tag);
  const dedupeKey = parseKey(flags.dedupeKey, '--dedupe-key');
  const categories = await backend.listCategories();
  const summary = resolveCategory(categories, flags.category);
  const category = summary.fields.length ? summary : await backend.getCategory(summary.id);
  const fields = validateFields(category, pairs, type);
  const attachments = await loadAttachments(flags.attach, backend.capabilities.attachmentMaxBytes);
  const { settleJustification, withJustification } = await import('../../operations/priority.js');
  const justification = await settleJustification(ctx, priority, flags.justification, flags.justifyAs);
  const { randomUUID } = await import('node:crypto');
  return {
    category: category.id,
    subject,
    body: withJustification(flags.body, priority, justification, ctx.t),
    priority,
    type,
    fields,
    attachments,
    cc,
    tags,
    // The signed-in user files, unless --requester names someone (checked against the backend).
    requester: parseRequester(flags.requester),
    idempotencyKey: randomUUID(),
    dedupeKey: dedupeKey ?? null,
  };
}

/** "a, b, c" / "a and b and c", each part a flag or a Msg, the separator from the catalogue. */
function joined(parts: (string | Msg)[], sep: 'cmd.create.comma' | 'cmd.create.and'): string | Msg {
  return parts.reduce((a, b) => msg(sep, { a, b }));
}

function printDryRun(ctx: Context, backend: Backend, input: CreateInput): void {
  const shown = {
    dryRun: true,
    backend: backend.kind,
    ticket: {
      ...input,
      attachments: input.attachments.map((a) => ({ name: a.name, size: a.size, contentType: a.contentType })),
      idempotencyKey: undefined,
    },
  };
  ctx.io.stdout.write(JSON.stringify(shown, null, ctx.globals.json || !ctx.io.stdout.isTTY ? 0 : 2) + '\n');
}
