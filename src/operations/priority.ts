import type { Context } from '../context/index.js';
import { PRIORITIES, type Priority } from '../model.js';
import { neutralizeLine } from '../io/sanitize.js';
import type { Translate } from '../i18n/messages.js';
import { msg } from '../i18n/msg.js';
import { priorityFromWord, priorityWordList } from '../i18n/priority.js';
import { QueuedError, RateLimitedError, UnavailableError, UsageError } from '../errors.js';

// The priority as the seed portals ask it, the same for the CLI, the wizard, the outbox, ci-failure
// and MCP: one parser for every word people use, the justification high and urgent need (and how
// it goes into the ticket), and the emergency contact shown on every urgent filing.

/** A priority word (low, medium, haute, ridicată, Bloquante…) → the normalized priority; exit 2 otherwise. */
export function parsePriority(s: string, flag = '--priority'): Priority {
  const p = priorityFromWord(s);
  if (p) return p;
  throw new UsageError(msg('prio.unknown', { flag, value: s }), {
    hint: msg('prio.unknown.hint', { words: priorityWordList() }),
    data: { valid: [...PRIORITIES] },
  });
}

export function needsJustification(p: Priority | undefined | null): boolean {
  return p === 'high' || p === 'urgent';
}

function profileSetting<T>(ctx: Context, read: (p: ReturnType<Context['profile']>) => T): T | undefined {
  try {
    return read(ctx.profile());
  } catch {
    return undefined; // no profile yet: the defaults apply
  }
}

/** The profile's `requireJustification` (default true). */
export function justificationRequired(ctx: Context): boolean {
  return profileSetting(ctx, (p) => p.requireJustification) !== false;
}

/** The priority of a ticket filed by `ci-failure` without --priority: the profile's `ciPriority`, else low. */
export function ciPriority(ctx: Context): Priority {
  const v = profileSetting(ctx, (p) => p.ciPriority);
  return (v && priorityFromWord(v)) || 'low';
}

export interface JustifyOptions {
  /** The flag or input that gives it, named in the error (`--justification`, `justification`). */
  flag?: string;
  /** May the user be asked on a terminal (default: when the context can prompt). */
  ask?: boolean;
}

/**
 * The justification a high or urgent ticket carries: the one given, else asked on a terminal, else
 * a usage error naming the flag (unless the profile sets `requireJustification false`). Nothing for
 * a low or normal one.
 */
export async function settleJustification(ctx: Context, priority: Priority, given: string | undefined | null, opts: JustifyOptions = {}): Promise<string | undefined> {
  if (!needsJustification(priority)) return undefined;
  const text = given?.replace(/\s+/g, ' ').trim();
  if (text) return text;
  if (!justificationRequired(ctx)) return undefined;
  const name = msg(`priority.name.${priority}`);
  if (opts.ask ?? ctx.canPrompt) {
    const prompter = await ctx.prompter();
    const v = await prompter.input({
      message: ctx.t('priority.justify', { priority: name }),
      validate: (raw) => (raw.trim() ? true : ctx.t('required')),
    });
    return v.replace(/\s+/g, ' ').trim();
  }
  throw new UsageError(msg('prio.justification.missing', { priority: name, flag: opts.flag ?? '--justification' }), {
    hint: msg('prio.justification.missing.hint'),
    data: { flag: opts.flag ?? '--justification', priority },
  });
}

/** The justification as a section of the ticket's body, the way the wizard writes it. */
export function justificationSection(text: string, t: Translate): string {
  return `## ${t('heading.justification')}\n\n${text.trim()}`;
}

/** The body with the justification section appended (unchanged when there is none or it is not needed). */
export function withJustification(body: string, priority: Priority, justification: string | undefined, t: Translate): string {
  if (!justification || !needsJustification(priority)) return body;
  return `${body.replace(/\s+$/, '')}\n\n${justificationSection(justification, t)}\n`;
}

export type EmergencyMoment = 'filed' | 'unreachable' | 'failed';

/** On an urgent filing, the profile's emergency contact on stderr, in the user's language. */
export function announceEmergency(ctx: Context, priority: Priority, moment: EmergencyMoment): void {
  if (priority !== 'urgent') return;
  const contact = profileSetting(ctx, (p) => p.emergencyContact);
  if (!contact) return;
  const key = moment === 'filed' ? 'prio.emergency.filed' : moment === 'unreachable' ? 'submit.emergency' : 'prio.emergency.failed';
  ctx.io.stderr.write(`! ${ctx.t(key, { contact: neutralizeLine(contact) })}\n`);
}

/** Errors already followed by the emergency contact (so a caller up the stack does not repeat it). */
const told = new WeakSet<object>();

/**
 * After an urgent filing failed: the emergency contact, once per error. A queued ticket's error
 * names it already. Before anything was sent (`anyError` false) only an unreachable backend counts:
 * a refused field is for the user to fix, not a reason to call the hotline.
 */
export function announceFailure(ctx: Context, priority: string | null | undefined, e: unknown, opts: { anyError?: boolean } = {}): void {
  if (!priority || priorityFromWord(priority) !== 'urgent') return;
  if (typeof e !== 'object' || e === null || told.has(e) || e instanceof QueuedError) return;
  const unreachable = e instanceof UnavailableError || e instanceof RateLimitedError;
  if (!unreachable && !opts.anyError) return;
  told.add(e);
  announceEmergency(ctx, 'urgent', unreachable ? 'unreachable' : 'failed');
}
