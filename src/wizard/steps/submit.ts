import type { CreateInput } from '../../model.js';
import { QueuedError } from '../../errors.js';
import { resumeCommand } from '../../drafts/store.js';
import { loadAttachments } from '../../commands/shared/options.js';
import { printCreated } from '../../io/created.js';
import { composeBody } from '../sections.js';
import { dropClipboardFiles, parseRequester } from '../../commands/shared/contact-flags.js';
import { startSpinner, type WizardCore, type WizardResult } from '../core.js';

// The end of the flow: the ticket built from the answers, sent (or shown with --dry-run).

export async function buildInput(w: WizardCore): Promise<CreateInput> {
  const a = w.a;
  const attachments = await loadAttachments(a.attachments, w.backend.capabilities.attachmentMaxBytes);
  return {
    category: w.category.id,
    subject: a.subject ?? '',
    body: composeBody(a, w.t),
    priority: a.priority ?? 'normal',
    type: a.type ?? 'incident',
    fields: { ...a.fields },
    attachments,
    cc: a.cc ?? [],
    tags: a.tags ?? [],
    // The signed-in user files (the contact details are the profile's, written in the body);
    // --requester names someone else where the backend allows it.
    requester: parseRequester(w.flags.requester),
    idempotencyKey: w.draft?.idempotencyKey ?? null,
    dedupeKey: a.dedupeKey ?? null,
  };
}

export async function submit(w: WizardCore): Promise<WizardResult> {
  w.save();
  const input = await buildInput(w);
  const ctx = w.ctx;
  if (w.flags.dryRun) {
    const shown = {
      dryRun: true,
      backend: w.backend.kind,
      draft: w.draft?.id ?? null,
      ticket: { ...input, attachments: input.attachments.map((x) => ({ name: x.name, size: x.size, contentType: x.contentType })), idempotencyKey: undefined },
    };
    ctx.io.stdout.write(JSON.stringify(shown, null, ctx.globals.json || !ctx.io.stdout.isTTY ? 0 : 2) + '\n');
    w.say(w.c.dim(w.t('dryrun.note')));
    // The draft stays: `ticket new --resume` sends this very ticket after a look at the review.
    if (w.draft) w.say(w.c.dim(w.t('review.kept', { command: resumeCommand(w.draft.id) })));
    return { outcome: 'dry-run', draftId: w.draft?.id ?? null };
  }
  // A spinner needs a real terminal (cursor moves); elsewhere a plain line says what is happening.
  const realTty = typeof (ctx.io.stderr as { cursorTo?: unknown }).cursorTo === 'function';
  const spinner = ctx.interactiveErr && !ctx.globals.json && realTty ? await startSpinner(ctx, w.t('submit.spinner')) : null;
  if (!spinner) w.say(w.c.dim(w.t('submit.spinner')));
  const { submitCreate } = await import('../../operations/submit.js');
  let result;
  try {
    // Not raced against Ctrl-C: once sent, let the answer come back so the draft is settled.
    result = await submitCreate(ctx, w.backend, input, { origin: 'new' });
  } catch (e) {
    spinner?.fail(w.t('submit.failed'));
    if (e instanceof QueuedError) {
      // The outbox owns the ticket now (it keeps the payload and the idempotency key): a draft
      // kept as well could be resumed and sent a second time. The error names the outbox entry
      // and, for an urgent ticket, the emergency contact (submitCreate shows it otherwise).
      w.dropDraft();
      w.say(w.c.yellow('! ') + w.t('submit.queued'));
      throw e;
    }
    throw e;
  }
  spinner?.stop();
  // Pasted screenshots were temporary copies under the state dir: sent now.
  await dropClipboardFiles(ctx, w.a.attachments ?? []);
  w.dropDraft();
  printCreated(ctx, result);
  return { outcome: result.action, ticketId: result.ticket.id, draftId: null };
}
