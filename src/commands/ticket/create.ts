import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Backend } from '../../backends/backend.js';
import type { CreateInput } from '../../model.js';
import { UsageError } from '../../errors.js';
import {
  checkSubject,
  collect,
  loadAttachments,
  parseCc,
  parseFieldPairs,
  parsePriority,
  parseType,
  readBody,
} from '../shared/options.js';
import type { SubmitResult } from '../../operations/submit.js';
import { ticketJson } from '../../io/output.js';

export interface CreateFlags {
  category?: string;
  subject?: string;
  body?: string;
  bodyFile?: string;
  priority?: string;
  type?: string;
  field?: string[];
  attach?: string[];
  cc?: string[];
  tag?: string[];
  dedupeKey?: string;
  dryRun?: boolean;
  yes?: boolean;
  /** false with --no-kb */
  kb?: boolean;
  /** false with --no-diagnostics */
  diagnostics?: boolean;
  resume?: string | boolean;
}

/** The flags `create` and `new` share. */
export function addCreateFlags(cmd: Command): Command {
  return cmd
    .option('-c, --category <category>', 'category (see `ticket categories`)')
    .option('-s, --subject <text>', 'short summary (the backend limits its length)')
    .option('-b, --body <text>', 'description')
    .option('-F, --body-file <file>', 'read the description from a file (- = standard input)')
    .option('-p, --priority <priority>', 'low | normal | high | urgent (default normal)')
    .option('-t, --type <type>', 'incident | question | feature')
    .option('-f, --field <key=value>', "a field of the category, by key or label (repeatable)", collect)
    .option('-a, --attach <path>', 'attach a file (repeatable)', collect)
    .option('--cc <email>', 'copy someone (repeatable)', collect)
    .option('--tag <tag>', 'add a tag (repeatable)', collect)
    .option('--dedupe-key <key>', 'if an open ticket has this key, add the body to it as a reply instead')
    .option('--dry-run', 'validate and print what would be sent; nothing is written')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-kb', 'skip the knowledge-base search (wizard)')
    .option('--no-diagnostics', 'skip the diagnostics (wizard)');
}

export function register(program: Command, host: CommandHost): void {
  addCreateFlags(
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
  ).action(async (flags: CreateFlags) => runCreate(host.context(), flags));
}

/** Missing inputs on a terminal → the wizard; elsewhere → a usage error that names the flag. */
export async function runCreate(ctx: Context, flags: CreateFlags): Promise<void> {
  const body = await readBody(ctx, flags);
  const category = flags.category ?? ctx.profile().defaultCategory;
  const missing: string[] = [];
  if (!category) missing.push('--category');
  if (!flags.subject) missing.push('--subject');
  if (body === undefined) missing.push('--body or --body-file');
  if (missing.length) {
    if (ctx.canPrompt && !flags.dryRun) {
      const wizard = (await import('./new.js')) as unknown as { runNew(c: Context, f: CreateFlags): Promise<void> };
      return wizard.runNew(ctx, { ...flags, body, bodyFile: undefined, category });
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
  const categories = await backend.listCategories();
  const summary = resolveCategory(categories, flags.category);
  const category = summary.fields.length ? summary : await backend.getCategory(summary.id);
  const fields = validateFields(category, pairs);
  const attachments = await loadAttachments(flags.attach, backend.capabilities.attachmentMaxBytes);
  const { randomUUID } = await import('node:crypto');
  const p = ctx.profile();
  return {
    category: category.id,
    subject,
    body: flags.body,
    priority,
    type,
    fields,
    attachments,
    cc,
    tags: [...new Set(flags.tag ?? [])],
    requester: p.email || p.name ? { name: p.name ?? null, email: p.email ?? null } : null,
    idempotencyKey: randomUUID(),
    dedupeKey: flags.dedupeKey ?? null,
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

/** id (and URL) on stdout; a friendly line on a terminal; the Ticket JSON with --json. */
export function printCreated(ctx: Context, result: SubmitResult): void {
  const t = result.ticket;
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, { ...t, action: result.action })) + '\n');
    return;
  }
  if (ctx.io.stdout.isTTY) {
    const verb = result.action === 'created' ? 'Created' : 'Added your message to the open';
    ctx.io.stdout.write(`✓ ${verb} ticket #${t.id}${t.url ? `  ${t.url}` : ''}\n`);
  } else {
    ctx.io.stdout.write(`${t.id}${t.url ? `\t${t.url}` : ''}\n`);
  }
}
