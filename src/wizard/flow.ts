import type { Context } from '../context/index.js';
import type { Prompter } from '../prompts/prompter.js';
import { CancelledError, NotFoundError, UsageError, isTicketError } from '../errors.js';
import { translator, type Translate } from '../i18n/messages.js';
import { DraftStore, resumeCommand, type Draft } from '../drafts/store.js';
import { english } from '../i18n/english.js';
import { msg } from '../i18n/msg.js';
import { excerpt } from '../util/text.js';
import { neutralizeLine } from '../io/sanitize.js';
import { Cancellation, guardPrompter, isCancellation, type SignalSource } from './cancel.js';
import { WizardCore, safeProfile, type WizardFlags, type WizardResult } from './core.js';
import { applySimpleFlags } from './steps/flags.js';
import { stepCategory } from './steps/category.js';
import { stepDiagnostics } from './steps/diagnostics.js';
import { stepSubject } from './steps/subject.js';
import { stepKb } from './steps/kb.js';
import { fill } from './steps/fill.js';
import { stepReview, stepSplit } from './steps/review.js';
import { submit } from './steps/submit.js';

export type { WizardFlags, WizardResult } from './core.js';

// `ticket new`: the guided filing flow. Steps, in the order the seed portals use:
//  1 category · 2 diagnostics · 3 subject + knowledge base · 4 fields + description sections ·
//  5 priority · 6 type, attachments, CC, contact · 7 one request = one ticket · 8 review, submit.
// Each answer is saved to the draft as soon as it is given; any step already answered (by a flag
// or in the resumed draft) is skipped. One file per step under steps/; what they share is core.ts.

export async function runWizard(ctx: Context, flags: WizardFlags): Promise<WizardResult> {
  const lang = ctx.language();
  const t = translator(lang);
  if (!ctx.canPrompt) throw new UsageError(msg('noninteractive'), { hint: msg('noninteractive.hint') });
  const store = new DraftStore(ctx.paths.state);
  let draft: Draft | null = null;
  if (flags.resume !== undefined && flags.resume !== false) {
    draft = flags.resume === true || flags.resume === '' ? store.latest() : store.get(String(flags.resume));
    if (!draft) {
      throw new NotFoundError(flags.resume === true || flags.resume === '' ? msg('draft.none') : msg('draft.notFound', { id: String(flags.resume) }), {
        hint: msg('draft.hint.list'),
      });
    }
  }
  const cancel = new Cancellation(ctx.deps.signals as SignalSource | undefined).install();
  try {
    const backend = await cancel.race(ctx.backend());
    const prompter = guardPrompter(await ctx.prompter(), cancel, lang);
    if (!draft && freshStart(flags)) draft = await offerDrafts(store, prompter, t, safeProfile(ctx)?.profileName ?? null);
    return await run(new WizardCore(ctx, t, lang, backend, prompter, store, draft, cancel, flags));
  } finally {
    cancel.dispose();
  }
}

/** A plain `ticket new` (nothing answered by flags) offers the unfinished tickets first. */
function freshStart(f: WizardFlags): boolean {
  return f.resume === undefined && !f.category && !f.subject && f.body === undefined && !f.field?.length;
}

async function offerDrafts(store: DraftStore, prompter: Prompter, t: Translate, profile: string | null): Promise<Draft | null> {
  // Only this profile's drafts: another profile's categories and fields may not exist here.
  const list = store.list().filter((d) => d.profile === profile).slice(0, 5);
  if (!list.length) return null;
  const id = await prompter.select<string>({
    message: t('draft.offer'),
    choices: [
      ...list.map((d) => ({
        value: d.id,
        name: t('draft.offer.item', {
          subject: neutralizeLine(excerpt(d.answers.subject ?? t('draft.untitled'), 60)),
          category: d.answers.category ?? '-',
          when: d.updatedAt.slice(0, 16).replace('T', ' '),
        }),
      })),
      { value: '', name: t('draft.offer.new') },
    ],
    default: '',
  });
  return id ? store.get(id) : null;
}


async function run(w: WizardCore): Promise<WizardResult> {
  try {
    if (w.draft) {
      w.say(w.c.dim(w.t('draft.resumed', { id: w.draft.id, subject: w.a.subject ?? w.t('draft.untitled') })));
    }
    applySimpleFlags(w);
    await stepCategory(w);
    if (await stepDiagnostics(w)) return { outcome: 'deflected', draftId: null };
    await stepSubject(w);
    if (await stepKb(w)) return { outcome: 'deflected', draftId: null };
    await fill(w);
    await stepSplit(w);
    await stepReview(w);
    return await submit(w);
  } catch (e) {
    // A signal during a backend call surfaces as that call's error: still a cancellation, unless
    // it is a documented outcome (queued to the outbox, refused...) which keeps its own exit code.
    if (isCancellation(e) || (w.cancel.cancelled && !isTicketError(e))) throw cancelled(w, e);
    // Any other failure (backend refused, crash): the draft is kept; say how to come back.
    const hint = w.resumeHint();
    if (hint) w.say(w.c.yellow('! ') + w.t(hint));
    throw e;
  }
}

/**
 * Cancelling is not an error: "Cancelled — draft kept: `ticket new --resume ID`" in the user's
 * language (exit 130). A signal from elsewhere (SIGTERM, a closed terminal) says so; a step that
 * stopped on purpose (the review's "keep", "one request = one ticket") keeps its own words.
 */
function cancelled(w: WizardCore, e: unknown): CancelledError {
  const data = w.draft ? { draft: w.draft.id } : undefined;
  const own = e instanceof CancelledError && e.message !== english(msg('err.cancelled')) ? e : null;
  if (own) {
    const text = own.msg ?? own.message;
    const said = typeof text === 'string' ? text : w.t(text);
    return new CancelledError(text, { hint: said.includes('--resume') ? null : w.resumeHint(), data });
  }
  const signal = w.cancel.signalName;
  if (signal === 'SIGTERM' || signal === 'SIGHUP') {
    return new CancelledError(msg('cancelled.signal', { signal }), { hint: w.draft ? msg('draft.resume', { command: resumeCommand(w.draft.id) }) : null, data });
  }
  return new CancelledError(w.draft ? msg('cancelled.kept', { command: resumeCommand(w.draft.id) }) : msg('cancelled'), { data });
}
