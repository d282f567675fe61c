import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Backend } from '../../backends/backend.js';
import type { CreateInput } from '../../model.js';
import { UsageError } from '../../errors.js';
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
  const cmd = addCreateFlags(
    program
      .command('create')
      .description('file a ticket non-interactively (on a terminal, missing inputs are asked for)')
      .addHelpText(
        'after',
        `
Examples:
  ticket create -c DMS -s "Order total wrong" -b "..." -f site=Paris -f "Type de document=Commande atelier" -f document_number=123456
  make 2>&1 | ticket create -c IT -s "Build broken" --body-file - --priority high --json`,
      ),
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
  if (body === undefined) missing.push('--body or --body-file');
  if (missing.length) {
    if (ctx.canPrompt && !flags.dryRun) {
      const { runWizard } = await import('../../wizard/flow.js');
      await runWizard(ctx, { ...flags, body, bodyFile: undefined, category });
      return;
    }
    throw new UsageError(`Missing ${missing.join(', ')}.`, {
      hint: `Not running interactively: pass ${missing.join(' and ')}. See \`ticket categories\` for the categories and their fields.`,
    });
  }
  const backend = await ctx.backend();
  const input = await buildCreateInput(ctx, backend, { ...flags, category: category!, body: body! });
  if (flags.dryRun) return printDryRun(ctx, backend, input);
  const { submitCreate } = await import('../../operations/submit.js');
  const { withSpinner } = await import('../../io/spinner.js');
  const result = await withSpinner(ctx, 'Sending the ticket…', () => submitCreate(ctx, backend, input));
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
  flags: CreateFlags & { category: string; subject?: string; body: string },
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
  const { randomUUID } = await import('node:crypto');
  return {
    category: category.id,
    subject,
    body: flags.body,
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
