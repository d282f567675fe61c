import { isAbsolute, resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import type { Category, Field, FieldValue } from '../model.js';
import { fieldTr, labelText, optionText, sayIn } from '../forms/localize.js';
import type { Prompter } from '../prompts/prompter.js';
import type { MessageKey, Translate } from '../i18n/messages.js';
import { msg, type Msg } from '../i18n/msg.js';
import { emptyAnswers, resumeCommand, type Draft, type DraftStore, type WizardAnswers } from '../drafts/store.js';
import { neutralizeLine } from '../io/sanitize.js';
import { paint } from '../io/output.js';
import type { Cancellation } from './cancel.js';
import type { AskContext } from './fields.js';

// What every step of `ticket new` shares: the answers, the chosen category, the draft they are saved
// to, and how to speak (stderr, step headers). The steps live in steps/, one file each; flow.ts runs
// them in order.

export const TOTAL_STEPS = 8;

/** The answers given in advance: the flags of `ticket create` / `ticket new`. */
export interface WizardFlags {
  category?: string;
  subject?: string;
  body?: string;
  bodyFile?: string;
  priority?: string;
  /** Why high or urgent (`--justification`). */
  justification?: string;
  type?: string;
  field?: string[];
  attach?: string[];
  cc?: string[];
  tag?: string[];
  dedupeKey?: string;
  /** --requester EMAIL: file on behalf of this person (where the backend allows it). */
  requester?: string;
  /** --attach-clipboard: attach the copied screenshot. */
  attachClipboard?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  /** false with --no-kb */
  kb?: boolean;
  /** false with --no-diagnostics */
  diagnostics?: boolean;
  resume?: string | boolean;
}

export interface WizardResult {
  outcome: 'created' | 'commented' | 'deflected' | 'dry-run';
  ticketId?: string;
  draftId?: string | null;
}

export class WizardCore {
  readonly a: WizardAnswers;
  category!: Category;
  categories: Category[] = [];
  readonly c: ChalkInstance;
  lastHeader = '';
  flagsApplied = false;
  readonly ax: AskContext;
  /** Previous values while an answer is being edited from the review. */
  prev: Partial<Record<string, unknown>> = {};

  constructor(
    readonly ctx: Context,
    readonly t: Translate,
    readonly lang: string,
    readonly backend: Backend,
    readonly prompter: Prompter,
    readonly store: DraftStore,
    public draft: Draft | null,
    readonly cancel: Cancellation,
    readonly flags: WizardFlags,
  ) {
    this.a = draft ? draft.answers : emptyAnswers();
    this.c = paint(ctx, 'stderr');
    this.ax = { prompter, t, lang, askLong: (m, o) => this.askLong(m, o) };
  }

  say(text = ''): void {
    this.ctx.io.stderr.write(text + '\n');
  }

  header(n: number, key: MessageKey): void {
    if (key === this.lastHeader) return;
    this.lastHeader = key;
    this.say('');
    this.say(this.c.bold(this.t('step.progress', { n, total: TOTAL_STEPS, name: this.t(key) })));
  }

  /** Save every answer at once: atomic write, 0600. The draft file appears with the first answer. */
  save(): void {
    if (!this.draft) {
      const p = safeProfile(this.ctx);
      this.draft = this.store.create(this.ctx.now(), { profile: p?.profileName ?? null, backend: this.backend.kind });
      this.draft.answers = this.a;
    }
    this.store.save(this.draft, this.ctx.now());
  }

  resumeHint(): Msg | null {
    return this.draft ? msg('draft.resume', { command: resumeCommand(this.draft.id) }) : null;
  }

  async askLong(
    message: string,
    o: { required: boolean; default?: string; validate?: (v: string) => true | string },
  ): Promise<string> {
    const t = this.t;
    const hints = o.required ? t('editor.hint') : `${t('skip.hint')}, ${t('editor.hint')}`;
    const v = await this.prompter.input({
      message: `${message} (${hints})`,
      default: o.default && !o.default.includes('\n') ? o.default : undefined,
      validate: (raw) => {
        if (raw.trim() === ':e') return true;
        if (o.required && raw.trim() === '') return t('required');
        return o.validate ? o.validate(raw) : true;
      },
    });
    if (v.trim() !== ':e') return v.trim();
    const text = await this.prompter.editor({
      message,
      default: o.default,
      validate: (raw) => {
        if (o.required && raw.trim() === '') return t('required');
        return o.validate ? o.validate(raw) : true;
      },
    });
    return text.replace(/\s+$/, '');
  }


  /** With --json, a deflection is a result too: no ticket, and what answered the request. */
  printDeflection(reason: 'kb' | 'incident', source: string): void {
    if (!this.ctx.globals.json) return;
    this.ctx.io.stdout.write(JSON.stringify({ ticket: null, action: 'deflected', reason, source }) + '\n');
  }

  /** A field's label in the user's language. */
  fieldLabel(f: Field): string {
    return sayIn(this.lang, labelText(f, fieldTr(this.category, f.key)));
  }

  /** A field's answer as shown in the user's language (options by their translated label). */
  fieldValue(f: Field): string {
    const v = this.a.fields[f.key];
    const tr = fieldTr(this.category, f.key);
    if (typeof v === 'string' && f.options) return neutralizeLine(sayIn(this.lang, optionText(v, tr)));
    if (Array.isArray(v) && f.options) return neutralizeLine(v.map((x) => sayIn(this.lang, optionText(x, tr))).join(', '));
    return showValue(v, this.t);
  }

  dropDraft(): void {
    if (this.draft) this.store.drop(this.draft.id);
    this.draft = null;
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

export function safeProfile(ctx: Context) {
  try {
    return ctx.profile();
  } catch {
    return null;
  }
}

export function absolute(p: string): string {
  const home = process.env.HOME;
  const q = p.startsWith('~/') && home ? home + p.slice(1) : p;
  return isAbsolute(q) ? q : resolve(q);
}

/** Terminals paste dropped files quoted or with escaped spaces. */
export function cleanPath(raw: string): string {
  let p = raw.trim();
  if ((p.startsWith("'") && p.endsWith("'")) || (p.startsWith('"') && p.endsWith('"'))) p = p.slice(1, -1);
  return p.replace(/\\ /g, ' ');
}

export function splitEmails(raw: string): string[] {
  return raw
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

export function showValue(v: FieldValue | undefined, t: Translate): string {
  if (v === undefined) return t('none');
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (Array.isArray(v)) return v.join(', ');
  return neutralizeLine(String(v));
}

export function contactLine(c: { name: string | null; email: string | null; phone: string | null }, t: Translate): string {
  const parts = [c.name, c.email ? `<${c.email}>` : null, c.phone].filter(Boolean);
  return parts.length ? parts.join(' ') : t('contact.none');
}

export function stripTags(s: string): string {
  return s.replace(/<[^>]+>/g, '');
}

export async function startSpinner(ctx: Context, text: string) {
  // No spinner on a terminal without a usable width (a 0-column pty would spin forever).
  const { spinnerFits } = await import('../io/spinner.js');
  const { default: ora } = await import('ora');
  return ora({ text, stream: ctx.io.stderr as NodeJS.WritableStream, discardStdin: false, color: 'cyan', isEnabled: (ctx.color.stderr || ctx.interactiveErr) && spinnerFits(ctx.io.stderr) }).start();
}
