import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import type { CreateFlags } from '../commands/ticket/create.js';
import type { Article, Category, CreateInput, FieldValue, Priority, TicketType } from '../model.js';
import { PRIORITIES } from '../model.js';
import type { Prompter } from '../prompts/prompter.js';
import { CancelledError, NotFoundError, QueuedError, UnavailableError, UsageError, ValidationError, isTicketError } from '../errors.js';
import { translator, type Translate } from '../i18n/messages.js';
import { DraftStore, emptyAnswers, resumeCommand, type Draft, type WizardAnswers } from '../drafts/store.js';
import { isVisible, resolveCategory, resolveField, checkValue } from '../forms/validate.js';
import { parseCc, parseFieldPairs, parsePriority, parseType, loadAttachments } from '../commands/shared/options.js';
import { isEmail, excerpt } from '../util/text.js';
import { neutralize, neutralizeLine } from '../io/sanitize.js';
import { paint } from '../io/output.js';
import { Cancellation, guardPrompter, isCancellation, type SignalSource } from './cancel.js';
import { askField, type AskContext } from './fields.js';
import { SECTIONS, composeBody, sectionAnswerText, sectionsMarkdown } from './sections.js';
import { severalRequestsReasons } from './split.js';

// `ticket new`: the guided filing flow. Steps, in the order the seed portals use:
//  1 category · 2 diagnostics · 3 subject + knowledge base · 4 fields + description sections ·
//  5 priority · 6 type, attachments, CC, contact · 7 one request = one ticket · 8 review, submit.
// Each answer is saved to the draft as soon as it is given; any step already answered (by a flag
// or in the resumed draft) is skipped.

const TOTAL_STEPS = 8;

export interface WizardResult {
  outcome: 'created' | 'commented' | 'deflected' | 'dry-run';
  ticketId?: string;
  draftId?: string | null;
}

export async function runWizard(ctx: Context, flags: CreateFlags): Promise<WizardResult> {
  const lang = ctx.language();
  const t = translator(lang);
  if (!ctx.canPrompt) throw new UsageError(t('noninteractive'), { hint: t('noninteractive.hint') });
  const store = new DraftStore(ctx.paths.state);
  let draft: Draft | null = null;
  if (flags.resume !== undefined && flags.resume !== false) {
    draft = flags.resume === true || flags.resume === '' ? store.latest() : store.get(String(flags.resume));
    if (!draft) {
      throw new NotFoundError(flags.resume === true || flags.resume === '' ? t('draft.none') : t('draft.notFound', { id: String(flags.resume) }), {
        hint: t('draft.hint.list'),
      });
    }
  }
  const cancel = new Cancellation(ctx.deps.signals as SignalSource | undefined).install();
  try {
    const backend = await cancel.race(ctx.backend());
    const prompter = guardPrompter(await ctx.prompter(), cancel, lang);
    if (!draft && freshStart(flags)) draft = await offerDrafts(store, prompter, t, safeProfile(ctx)?.profileName ?? null);
    const w = new Wizard(ctx, t, lang, backend, prompter, store, draft, cancel, flags);
    return await w.run();
  } finally {
    cancel.dispose();
  }
}

/** A plain `ticket new` (nothing answered by flags) offers the unfinished tickets first. */
function freshStart(f: CreateFlags): boolean {
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

class Wizard {
  readonly a: WizardAnswers;
  private category!: Category;
  private categories: Category[] = [];
  private readonly c: ChalkInstance;
  private lastHeader = '';
  private flagsApplied = false;
  private readonly ax: AskContext;
  /** Previous values while an answer is being edited from the review. */
  private prev: Partial<Record<string, unknown>> = {};

  constructor(
    private readonly ctx: Context,
    private readonly t: Translate,
    private readonly lang: string,
    private readonly backend: Backend,
    private readonly prompter: Prompter,
    private readonly store: DraftStore,
    private draft: Draft | null,
    private readonly cancel: Cancellation,
    private readonly flags: CreateFlags,
  ) {
    this.a = draft ? draft.answers : emptyAnswers();
    this.c = paint(ctx, 'stderr');
    this.ax = { prompter, t, lang, askLong: (m, o) => this.askLong(m, o) };
  }

  // ── plumbing ────────────────────────────────────────────────────────────────────────────────

  private say(text = ''): void {
    this.ctx.io.stderr.write(text + '\n');
  }

  private header(n: number, key: Parameters<Translate>[0]): void {
    if (key === this.lastHeader) return;
    this.lastHeader = key;
    this.say('');
    this.say(this.c.bold(this.t('step.progress', { n, total: TOTAL_STEPS, name: this.t(key) })));
  }

  /** Save every answer at once: atomic write, 0600. The draft file appears with the first answer. */
  private save(): void {
    if (!this.draft) {
      const p = safeProfile(this.ctx);
      this.draft = this.store.create(this.ctx.now(), { profile: p?.profileName ?? null, backend: this.backend.kind });
      this.draft.answers = this.a;
    }
    this.store.save(this.draft, this.ctx.now());
  }

  private resumeHint(): string | null {
    return this.draft ? this.t('draft.resume', { command: resumeCommand(this.draft.id) }) : null;
  }

  private async askLong(
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

  // ── the flow ────────────────────────────────────────────────────────────────────────────────

  async run(): Promise<WizardResult> {
    try {
      if (this.draft) {
        this.say(this.c.dim(this.t('draft.resumed', { id: this.draft.id, subject: this.a.subject ?? this.t('draft.untitled') })));
      }
      this.applySimpleFlags();
      await this.stepCategory();
      if (await this.stepDiagnostics()) return { outcome: 'deflected', draftId: null };
      await this.stepSubject();
      if (await this.stepKb()) return { outcome: 'deflected', draftId: null };
      await this.fill();
      await this.stepSplit();
      await this.stepReview();
      return await this.submit();
    } catch (e) {
      // A signal during a backend call surfaces as that call's error: still a cancellation, unless
      // it is a documented outcome (queued to the outbox, refused...) which keeps its own exit code.
      if (isCancellation(e) || (this.cancel.cancelled && !isTicketError(e))) {
        const msg = e instanceof CancelledError && e.message !== 'Cancelled.' ? e.message : this.t('cancelled');
        const hint = msg.includes('--resume') ? null : this.resumeHint();
        throw new CancelledError(msg, { hint, data: this.draft ? { draft: this.draft.id } : undefined });
      }
      // Any other failure (backend refused, crash): the draft is kept; say how to come back.
      const hint = this.resumeHint();
      if (hint) this.say(this.c.yellow('! ') + hint);
      throw e;
    }
  }

  /** Flags that need no backend: subject, body, priority, type, attachments, CC, tags, dedupe key. */
  private applySimpleFlags(): void {
    const f = this.flags;
    const a = this.a;
    if (f.subject !== undefined) a.subject = f.subject.replace(/\s+/g, ' ').trim();
    if (f.body !== undefined) a.body = f.body;
    if (f.priority !== undefined) a.priority = parsePriority(f.priority);
    if (f.type !== undefined) a.type = parseType(f.type);
    if (f.cc !== undefined) a.cc = parseCc(f.cc);
    if (f.attach !== undefined) a.attachments = f.attach.map((p) => absolute(p));
    if (f.tag !== undefined) a.tags = [...new Set(f.tag)];
    if (f.dedupeKey !== undefined) a.dedupeKey = f.dedupeKey;
    if (f.diagnostics === false && a.diagnostics === undefined) a.diagnostics = '';
    if (f.kb === false) a.kbDone = true;
  }

  // 1 ─ category
  private async stepCategory(): Promise<void> {
    this.categories = await this.cancel.race(this.backend.listCategories());
    const f = this.flags;
    const first = !this.flagsApplied;
    if (first && f.category !== undefined) {
      const chosen = resolveCategory(this.categories, f.category).id;
      if (this.a.category && this.a.category !== chosen) this.resetFields();
      this.a.category = chosen;
    }
    if (this.a.category === undefined || this.prev.category !== undefined) {
      this.header(1, 'step.category');
      const preferred = (this.prev.category as string | undefined) ?? this.a.category ?? safeProfile(this.ctx)?.defaultCategory;
      const def = preferred ? this.categories.find((c) => c.id.toLowerCase() === preferred.toLowerCase())?.id : undefined;
      const id = await this.prompter.select<string>({
        message: this.t('category.question'),
        choices: this.categories.map((c) => ({
          value: c.id,
          name: c.name && c.name !== c.id ? `${c.id} — ${neutralizeLine(c.name)}` : c.id,
          description: c.description ? neutralizeLine(c.description) : undefined,
        })),
        default: def,
      });
      if (this.a.category !== undefined && this.a.category !== id) this.resetFields();
      this.a.category = id;
      delete this.prev.category;
    } else {
      // A resumed draft whose category no longer exists is reported like a bad flag.
      this.a.category = resolveCategory(this.categories, this.a.category).id;
    }
    const summary = this.categories.find((c) => c.id === this.a.category)!;
    this.category = summary.fields.length ? summary : await this.cancel.race(this.backend.getCategory(summary.id));
    // Flags answer their questions once; a category changed from the review starts its fields afresh.
    if (first && f.field?.length) this.applyFieldFlags(f.field);
    this.flagsApplied = true;
    this.save();
  }

  private resetFields(): void {
    this.a.fields = {};
    this.a.askedFields = [];
  }

  /** --field pairs: checked like `create` checks them (a bad value is a usage error, exit 2). */
  private applyFieldFlags(items: string[]): void {
    const problems: string[] = [];
    for (const [k, v] of parseFieldPairs(items)) {
      const field = resolveField(this.category, k);
      const r = checkValue(field, v, this.a.fields);
      if (!r.ok) {
        problems.push(r.message);
        continue;
      }
      if (r.value !== undefined) this.a.fields[field.key] = r.value;
      else delete this.a.fields[field.key];
      if (!this.a.askedFields.includes(field.key)) this.a.askedFields.push(field.key);
    }
    if (problems.length) {
      throw new ValidationError(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`, {
        hint: `See the fields of ${this.category.id} with \`ticket categories ${this.category.id}\`.`,
        data: { problems },
      });
    }
  }

  // 2 ─ diagnostics; true when the user recognised an announced incident (no ticket)
  private async stepDiagnostics(): Promise<boolean> {
    if (this.a.diagnostics !== undefined) return false;
    this.header(2, 'step.diagnostics');
    this.say(this.c.dim(this.t('diag.running')));
    const { runDoctor, renderReport, reportMarkdown } = await import('../doctor/run.js');
    const report = await this.cancel.race(runDoctor(this.ctx, { categories: [this.category], signal: this.cancel.signal }));
    const c = this.c;
    for (const line of renderReport(report, { ok: c.green, warn: c.yellow, fail: c.red, dim: c.dim })) this.say('  ' + line);
    for (const inc of report.incidents.slice(0, 3)) {
      this.say('');
      this.say(c.yellow('! ') + this.t('diag.incident', { title: neutralizeLine(inc.name), impact: inc.impact, status: inc.status }));
      if (inc.url) this.say('  ' + this.t('diag.incident.link', { url: neutralizeLine(inc.url) }));
      const mine = await this.prompter.confirm({ message: this.t('diag.incident.question'), default: false });
      if (mine) {
        const { recordDeflection } = await import('../doctor/deflections.js');
        await recordDeflection(this.ctx.paths.state, {
          at: this.ctx.now(),
          reason: 'incident',
          subject: this.a.subject ?? null,
          article: inc.url ?? inc.name,
          category: this.a.category ?? null,
        });
        this.dropDraft();
        this.say(this.t('diag.incident.stop'));
        this.printDeflection('incident', inc.url ?? inc.id);
        return true;
      }
    }
    const problems = report.checks.filter((x) => x.status === 'fail' || x.status === 'warn').length;
    this.say(c.dim(problems ? this.t('diag.problems', { count: problems }) : this.t('diag.ok')));
    this.a.diagnostics = reportMarkdown(report);
    this.save();
    return false;
  }

  // 3 ─ subject
  private async stepSubject(): Promise<void> {
    const max = this.backend.capabilities.subjectMaxLength;
    if (this.a.subject !== undefined && this.prev.subject === undefined) {
      const problem = this.subjectProblem(this.a.subject, max);
      if (problem === true) return;
      this.say(this.c.yellow('! ') + problem);
      this.prev.subject = this.a.subject;
    }
    this.header(3, 'step.subject');
    const v = await this.prompter.input({
      message: this.t('subject.question', { max }),
      default: (this.prev.subject as string | undefined) || undefined,
      validate: (raw) => this.subjectProblem(raw, max),
    });
    this.a.subject = v.replace(/\s+/g, ' ').trim();
    delete this.prev.subject;
    this.save();
  }

  private subjectProblem(raw: string, max: number): true | string {
    const s = raw.replace(/\s+/g, ' ').trim();
    if (!s) return this.t('subject.empty');
    if (s.length > max) return this.t('subject.tooLong', { length: s.length, max });
    return true;
  }

  // 3 ─ knowledge base; true when an article solved the problem (no ticket)
  private async stepKb(): Promise<boolean> {
    if (this.a.kbDone) return false;
    this.header(3, 'step.subject');
    const c = this.c;
    this.say(c.dim(this.t('kb.searching')));
    let articles: Article[];
    try {
      articles = await this.cancel.race(
        this.backend.searchKb(this.a.subject ?? '', { category: this.a.category ?? null, limit: 5, lang: this.lang }),
      );
    } catch (e) {
      if (isCancellation(e)) throw e;
      this.say(c.yellow('! ') + this.t('kb.unavailable', { reason: isTicketError(e) ? e.message : String((e as Error)?.message ?? e) }));
      articles = [];
    }
    articles = articles.slice(0, 5);
    if (!articles.length) {
      this.say(this.t('kb.none'));
    } else {
      this.say(this.t('kb.found'));
      articles.forEach((ar, i) => {
        this.say(`  ${i + 1}. ${c.bold(neutralizeLine(ar.title))}  ${c.dim(`[${neutralizeLine(ar.url ?? ar.id)}]`)}`);
        if (ar.snippet) this.say(`     ${c.dim(excerpt(neutralizeLine(stripTags(ar.snippet)), 110))}`);
      });
      for (;;) {
        const choice = await this.prompter.select<string>({
          message: this.t('kb.question'),
          choices: [
            ...articles.map((ar) => ({ value: ar.id, name: this.t('kb.read', { title: neutralizeLine(ar.title) }) })),
            { value: '', name: this.t('kb.continue') },
          ],
        });
        if (choice === '') break;
        const summary = articles.find((x) => x.id === choice)!;
        let full = summary;
        try {
          full = await this.cancel.race(this.backend.getArticle(choice));
        } catch (e) {
          if (isCancellation(e)) throw e;
        }
        const { articleToText } = await import('./article.js');
        const width = Math.min(100, Math.max(40, (this.ctx.io.stderr.columns ?? 80) - 2));
        this.say('');
        this.say(await articleToText(full, width));
        this.say('');
        const solved = await this.prompter.confirm({ message: this.t('kb.solved'), default: false });
        if (solved) {
          const { recordDeflection } = await import('../doctor/deflections.js');
          await recordDeflection(this.ctx.paths.state, {
            at: this.ctx.now(),
            reason: 'kb',
            subject: this.a.subject ?? null,
            article: full.id,
            category: this.a.category ?? null,
          });
          this.dropDraft();
          this.say(c.green('✓ ') + this.t('kb.deflected'));
          this.printDeflection('kb', full.id);
          return true;
        }
        const read = `${neutralizeLine(full.title)} (${neutralizeLine(full.url ?? full.id)})`;
        this.a.kbRead = [...new Set([...(this.a.kbRead ?? []), read])];
        this.save();
      }
    }
    this.a.kbDone = true;
    this.save();
    return false;
  }

  /** Steps 4–6: ask whatever is still missing (also what the review cleared to edit). */
  private async fill(): Promise<void> {
    await this.stepFields();
    await this.stepSections();
    await this.stepPriority();
    await this.stepExtras();
  }

  // 4 ─ the category's fields, in order, conditional ones only when their condition holds
  private async stepFields(): Promise<void> {
    for (;;) {
      let changed = false;
      for (const f of this.category.fields) {
        if (!isVisible(f, this.a.fields)) {
          if (f.key in this.a.fields || this.a.askedFields.includes(f.key)) {
            delete this.a.fields[f.key];
            this.a.askedFields = this.a.askedFields.filter((k) => k !== f.key);
            changed = true;
          }
          continue;
        }
        if (this.a.askedFields.includes(f.key)) continue;
        this.header(4, 'step.fields');
        const prev = (this.prev[`field:${f.key}`] as FieldValue | undefined) ?? undefined;
        const v = await askField(f, this.a.fields, this.ax, prev);
        delete this.prev[`field:${f.key}`];
        if (v === undefined) delete this.a.fields[f.key];
        else this.a.fields[f.key] = v;
        this.a.askedFields.push(f.key);
        this.save();
        changed = true;
      }
      // A changed answer can show or hide later fields: go round until nothing moves.
      if (!changed) break;
    }
  }

  // 4 ─ the description sections (skipped when a whole body was given)
  private async stepSections(): Promise<void> {
    if (this.a.body !== undefined && this.prev.body === undefined) return;
    if (this.prev.body !== undefined) {
      this.header(4, 'step.description');
      this.a.body = await this.prompter.editor({ message: this.t('review.editor'), default: this.prev.body as string });
      delete this.prev.body;
      this.save();
      return;
    }
    for (const s of SECTIONS) {
      if (this.a.sections[s.key] !== undefined) continue;
      this.header(4, 'step.description');
      const prev = this.prev[`section:${s.key}`] as string | undefined;
      let v: string;
      if (s.kind === 'choice') {
        v = await this.prompter.select<string>({
          message: this.t(s.question),
          choices: s.choices!.map((ch) => ({ value: ch.value, name: this.t(ch.label) })),
          default: prev,
        });
      } else {
        v = await this.askLong(this.t(s.question), { required: Boolean(s.required), default: prev });
      }
      delete this.prev[`section:${s.key}`];
      this.a.sections[s.key] = v;
      this.save();
    }
  }

  // 5 ─ priority by impact; high and urgent are justified
  private async stepPriority(): Promise<void> {
    const t = this.t;
    if (this.a.priority === undefined) {
      this.header(5, 'step.priority');
      this.a.priority = await this.prompter.select<Priority>({
        message: t('priority.question'),
        choices: PRIORITIES.map((p) => ({ value: p, name: `${t(`priority.${p}`)} → ${t(`priority.name.${p}`)}` })),
        default: (this.prev.priority as Priority | undefined) ?? 'normal',
      });
      delete this.prev.priority;
      if (this.a.priority !== 'high' && this.a.priority !== 'urgent') delete this.a.justification;
      this.save();
    }
    if ((this.a.priority === 'high' || this.a.priority === 'urgent') && this.a.justification === undefined) {
      this.header(5, 'step.priority');
      const v = await this.prompter.input({
        message: t('priority.justify', { priority: t(`priority.name.${this.a.priority}`) }),
        default: (this.prev.justification as string | undefined) || undefined,
        validate: (raw) => (raw.trim() ? true : t('required')),
      });
      delete this.prev.justification;
      this.a.justification = v.replace(/\s+/g, ' ').trim();
      this.save();
    }
  }

  // 6 ─ type, attachments, CC, contact
  private async stepExtras(): Promise<void> {
    const t = this.t;
    if (this.a.type === undefined) {
      this.header(6, 'step.extras');
      const def: TicketType = (this.prev.type as TicketType | undefined) ?? (this.a.priority === 'low' ? 'question' : 'incident');
      this.a.type = await this.prompter.select<TicketType>({
        message: t('type.question'),
        choices: [
          { value: 'incident', name: t('type.incident') },
          { value: 'question', name: t('type.question.choice') },
          { value: 'feature', name: t('type.feature') },
        ],
        default: def,
      });
      delete this.prev.type;
      this.save();
    }
    if (this.a.attachments === undefined) {
      this.header(6, 'step.extras');
      const list: string[] = [];
      const max = this.backend.capabilities.attachmentMaxBytes;
      const prev = (this.prev.attachments as string[] | undefined) ?? [];
      for (;;) {
        const v = await this.prompter.input({
          message: t(list.length ? 'attach.more' : 'attach.question', { hint: t('skip.hint') }),
          default: prev[list.length],
          validate: (raw) => this.attachmentProblem(raw, list, max),
        });
        const p = cleanPath(v);
        if (!p) break;
        list.push(absolute(p));
        this.a.attachments = [...list];
        this.save();
      }
      delete this.prev.attachments;
      this.a.attachments = list;
      this.save();
    }
    if (this.a.cc === undefined) {
      this.header(6, 'step.extras');
      const prev = this.prev.cc as string[] | undefined;
      const v = await this.prompter.input({
        message: t('cc.question', { hint: t('skip.hint') }),
        default: prev?.length ? prev.join(', ') : undefined,
        validate: (raw) => {
          for (const e of splitEmails(raw)) if (!isEmail(e)) return t('cc.invalid', { value: e });
          return true;
        },
      });
      delete this.prev.cc;
      this.a.cc = [...new Set(splitEmails(v).map((e) => e.toLowerCase()))];
      this.save();
    }
    if (this.a.contact === undefined) {
      const p = safeProfile(this.ctx);
      const fromProfile = { name: p?.name ?? null, email: p?.email ?? null, phone: p?.phone ?? null };
      const prev = this.prev.contact as typeof fromProfile | undefined;
      const known = prev ?? (fromProfile.name || fromProfile.email ? fromProfile : null);
      if (known && !prev && this.flags.yes) {
        this.a.contact = known;
      } else {
        this.header(6, 'step.extras');
        let use = false;
        if (known && !prev) {
          use = await this.prompter.confirm({ message: t('contact.confirm', { contact: contactLine(known, t) }), default: true });
        }
        if (use && known) {
          this.a.contact = known;
        } else {
          const base = known ?? fromProfile;
          const name = await this.prompter.input({ message: t('contact.name'), default: base.name ?? undefined });
          const email = await this.prompter.input({
            message: t('contact.email'),
            default: base.email ?? undefined,
            validate: (raw) => (raw.trim() === '' || isEmail(raw.trim()) ? true : t('cc.invalid', { value: raw.trim() })),
          });
          const phone = await this.prompter.input({ message: t('contact.phone', { hint: t('skip.hint') }), default: base.phone ?? undefined });
          this.a.contact = { name: name.trim() || null, email: email.trim().toLowerCase() || null, phone: phone.trim() || null };
        }
      }
      delete this.prev.contact;
      this.save();
    }
  }

  private attachmentProblem(raw: string, list: string[], max: number): true | string {
    const p = cleanPath(raw);
    if (!p) return true;
    const t = this.t;
    const abs = absolute(p);
    if (list.includes(abs)) return t('attach.already', { path: p });
    let st;
    try {
      st = statSync(abs);
    } catch {
      return t('attach.missing', { path: p });
    }
    if (st.isDirectory()) return t('attach.dir', { path: p });
    if (!st.isFile()) return t('attach.notFile', { path: p });
    if (st.size > max) return t('attach.tooBig', { path: p, max: human(max) });
    return true;
  }

  // 7 ─ one request = one ticket
  private async stepSplit(): Promise<void> {
    if (this.a.splitAccepted || this.flags.yes) return;
    const reasons = severalRequestsReasons(this.a, this.t);
    if (!reasons.length) return;
    this.header(7, 'step.review');
    this.say(this.c.yellow('! ') + this.t('split.warning', { reasons: reasons.join('; ') }));
    const go = await this.prompter.confirm({ message: this.t('split.question'), default: false });
    if (!go) {
      this.save();
      throw new CancelledError(this.t('split.stopped', { command: resumeCommand(this.draft!.id) }));
    }
    this.a.splitAccepted = true;
    this.save();
  }

  // 8 ─ review, with the option to change any answer
  private async stepReview(): Promise<void> {
    if (this.flags.yes) return;
    const t = this.t;
    for (;;) {
      this.header(8, 'step.review');
      this.printSummary();
      const action = await this.prompter.select<string>({
        message: t('review.question'),
        choices: [
          { value: 'submit', name: t('review.submit') },
          { value: 'edit', name: t('review.edit') },
          { value: 'editor', name: t('review.editor') },
          { value: 'keep', name: t('review.keep') },
          { value: 'discard', name: t('review.discard') },
        ],
        default: 'submit',
      });
      if (action === 'submit') return;
      if (action === 'keep') {
        this.save();
        throw new CancelledError(t('review.kept', { command: resumeCommand(this.draft!.id) }));
      }
      if (action === 'discard') {
        this.dropDraft();
        throw new CancelledError(t('review.discarded'));
      }
      if (action === 'editor') {
        const current = this.a.body ?? sectionsMarkdown(this.a, t);
        const v = await this.prompter.editor({ message: t('review.editor'), default: current });
        if (v.trim() !== current.trim()) this.a.body = v.replace(/\s+$/, '');
        this.save();
        continue;
      }
      await this.editOne();
    }
  }

  private async editOne(): Promise<void> {
    const t = this.t;
    const a = this.a;
    const choices: { value: string; name: string }[] = [
      { value: 'category', name: `${t('label.category')}: ${a.category}` },
      { value: 'subject', name: `${t('label.subject')}: ${excerpt(a.subject ?? '', 60)}` },
    ];
    for (const f of this.category.fields) {
      if (!isVisible(f, a.fields)) continue;
      choices.push({ value: `field:${f.key}`, name: `${f.label}: ${showValue(a.fields[f.key], t)}` });
    }
    if (a.body !== undefined) {
      choices.push({ value: 'body', name: `${t('label.description')}: ${excerpt(a.body, 60)}` });
    } else {
      for (const s of SECTIONS) {
        const v = a.sections[s.key];
        choices.push({ value: `section:${s.key}`, name: `${t(s.heading)}: ${v ? excerpt(sectionAnswerText(s, v, t), 50) : t('none')}` });
      }
    }
    choices.push(
      { value: 'priority', name: `${t('label.priority')}: ${t(`priority.name.${a.priority ?? 'normal'}`)}` },
      { value: 'type', name: `${t('label.type')}: ${t(`type.name.${a.type ?? 'incident'}`)}` },
      { value: 'attachments', name: `${t('label.attachments')}: ${a.attachments?.length ? a.attachments.length : t('none')}` },
      { value: 'cc', name: `${t('label.cc')}: ${a.cc?.length ? a.cc.join(', ') : t('none')}` },
      { value: 'contact', name: `${t('label.contact')}: ${a.contact ? contactLine(a.contact, t) : t('none')}` },
      { value: 'back', name: t('review.back') },
    );
    const which = await this.prompter.select<string>({ message: t('review.which'), choices });
    if (which === 'back') return;
    if (which === 'category') {
      this.prev.category = a.category;
      await this.stepCategory();
    } else if (which === 'subject') {
      this.prev.subject = a.subject;
      await this.stepSubject();
    } else if (which.startsWith('field:')) {
      const key = which.slice(6);
      this.prev[which] = a.fields[key];
      a.askedFields = a.askedFields.filter((k) => k !== key);
    } else if (which === 'body') {
      this.prev.body = a.body;
    } else if (which.startsWith('section:')) {
      const key = which.slice(8);
      this.prev[which] = a.sections[key];
      delete a.sections[key];
    } else if (which === 'priority') {
      this.prev.priority = a.priority;
      this.prev.justification = a.justification;
      delete a.priority;
      delete a.justification;
    } else {
      const k = which as 'type' | 'attachments' | 'cc' | 'contact';
      this.prev[k] = a[k];
      delete a[k];
    }
    await this.fill();
  }

  private printSummary(): void {
    const t = this.t;
    const c = this.c;
    const a = this.a;
    const rows: [string, string][] = [
      [t('label.category'), a.category ?? ''],
      [t('label.subject'), neutralizeLine(a.subject ?? '')],
    ];
    for (const f of this.category.fields) {
      if (!isVisible(f, a.fields) || a.fields[f.key] === undefined) continue;
      rows.push([f.label, showValue(a.fields[f.key], t)]);
    }
    const pr = a.priority ?? 'normal';
    rows.push([t('label.priority'), t(`priority.name.${pr}`) + (a.justification && (pr === 'high' || pr === 'urgent') ? ` — ${a.justification}` : '')]);
    rows.push([t('label.type'), t(`type.name.${a.type ?? 'incident'}`)]);
    if (a.attachments?.length) rows.push([t('label.attachments'), a.attachments.join(', ')]);
    if (a.cc?.length) rows.push([t('label.cc'), a.cc.join(', ')]);
    if (a.contact) rows.push([t('label.contact'), contactLine(a.contact, t)]);
    const width = Math.max(...rows.map((r) => r[0].length));
    this.say(c.bold(t('review.title')));
    for (const [k, v] of rows) this.say(`  ${c.dim(k.padEnd(width))}  ${v}`);
    this.say(`  ${c.dim(t('label.description'))}`);
    if (a.body !== undefined) {
      const lines = neutralize(a.body).split('\n');
      for (const line of lines.slice(0, 12)) this.say(`    ${line}`);
      if (lines.length > 12) this.say(`    …`);
    } else {
      for (const s of SECTIONS) {
        const v = a.sections[s.key];
        if (!v) continue;
        this.say(`    ${c.dim(t(s.heading) + ':')} ${excerpt(neutralizeLine(sectionAnswerText(s, v, t)), 80)}`);
      }
    }
    if (a.diagnostics) {
      const count: Record<string, number> = {};
      for (const m of a.diagnostics.matchAll(/^- \[(ok|warn|fail|skip)\]/gm)) count[m[1]] = (count[m[1]] ?? 0) + 1;
      const parts = [c.green(`✓ ${count.ok ?? 0}`), c.yellow(`! ${count.warn ?? 0}`), c.red(`✗ ${count.fail ?? 0}`)];
      this.say(`  ${c.dim(t('label.diagnostics'))}  ${parts.join('  ')}`);
    }
  }

  // ── submission ──────────────────────────────────────────────────────────────────────────────

  private async buildInput(): Promise<CreateInput> {
    const a = this.a;
    const attachments = await loadAttachments(a.attachments, this.backend.capabilities.attachmentMaxBytes);
    const contact = a.contact;
    return {
      category: this.category.id,
      subject: a.subject ?? '',
      body: composeBody(a, this.t),
      priority: a.priority ?? 'normal',
      type: a.type ?? 'incident',
      fields: { ...a.fields },
      attachments,
      cc: a.cc ?? [],
      tags: a.tags ?? [],
      requester: contact && (contact.name || contact.email) ? { name: contact.name, email: contact.email } : null,
      idempotencyKey: this.draft?.idempotencyKey ?? null,
      dedupeKey: a.dedupeKey ?? null,
    };
  }

  private async submit(): Promise<WizardResult> {
    this.save();
    const input = await this.buildInput();
    const ctx = this.ctx;
    if (this.flags.dryRun) {
      const shown = {
        dryRun: true,
        backend: this.backend.kind,
        draft: this.draft?.id ?? null,
        ticket: { ...input, attachments: input.attachments.map((x) => ({ name: x.name, size: x.size, contentType: x.contentType })), idempotencyKey: undefined },
      };
      ctx.io.stdout.write(JSON.stringify(shown, null, ctx.globals.json || !ctx.io.stdout.isTTY ? 0 : 2) + '\n');
      this.say(this.c.dim(this.t('dryrun.note')));
      // The draft stays: `ticket new --resume` sends this very ticket after a look at the review.
      if (this.draft) this.say(this.c.dim(this.t('review.kept', { command: resumeCommand(this.draft.id) })));
      return { outcome: 'dry-run', draftId: this.draft?.id ?? null };
    }
    // A spinner needs a real terminal (cursor moves); elsewhere a plain line says what is happening.
    const realTty = typeof (ctx.io.stderr as { cursorTo?: unknown }).cursorTo === 'function';
    const spinner = ctx.interactiveErr && !ctx.globals.json && realTty ? await startSpinner(ctx, this.t('submit.spinner')) : null;
    if (!spinner) this.say(this.c.dim(this.t('submit.spinner')));
    const { submitCreate } = await import('../commands/ticket/shared/submit.js');
    let result;
    try {
      // Not raced against Ctrl-C: once sent, let the answer come back so the draft is settled.
      result = await submitCreate(ctx, this.backend, input, { origin: 'new' });
    } catch (e) {
      spinner?.fail(this.t('submit.failed'));
      const urgent = input.priority === 'urgent';
      if (e instanceof QueuedError) {
        // The outbox owns the ticket now (it keeps the payload and the idempotency key): a draft
        // kept as well could be resumed and sent a second time. The error names the outbox entry
        // and, for an urgent ticket, the emergency contact.
        this.dropDraft();
        this.say(this.c.yellow('! ') + this.t('submit.queued'));
        throw e;
      }
      if (e instanceof UnavailableError) this.emergency(urgent);
      throw e;
    }
    spinner?.stop();
    this.dropDraft();
    const { printCreated } = await import('../commands/ticket/create.js');
    printCreated(ctx, result);
    return { outcome: result.action, ticketId: result.ticket.id, draftId: null };
  }

  private emergency(urgent: boolean): void {
    if (!urgent) return;
    const contact = safeProfile(this.ctx)?.emergencyContact;
    if (contact) this.say(this.c.red.bold('! ') + this.t('submit.emergency', { contact }));
  }

  /** With --json, a deflection is a result too: no ticket, and what answered the request. */
  private printDeflection(reason: 'kb' | 'incident', source: string): void {
    if (!this.ctx.globals.json) return;
    this.ctx.io.stdout.write(JSON.stringify({ ticket: null, action: 'deflected', reason, source }) + '\n');
  }

  private dropDraft(): void {
    if (this.draft) this.store.drop(this.draft.id);
    this.draft = null;
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function safeProfile(ctx: Context) {
  try {
    return ctx.profile();
  } catch {
    return null;
  }
}

function absolute(p: string): string {
  const home = process.env.HOME;
  const q = p.startsWith('~/') && home ? home + p.slice(1) : p;
  return isAbsolute(q) ? q : resolve(q);
}

/** Terminals paste dropped files quoted or with escaped spaces. */
function cleanPath(raw: string): string {
  let p = raw.trim();
  if ((p.startsWith("'") && p.endsWith("'")) || (p.startsWith('"') && p.endsWith('"'))) p = p.slice(1, -1);
  return p.replace(/\\ /g, ' ');
}

function splitEmails(raw: string): string[] {
  return raw
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

function showValue(v: FieldValue | undefined, t: Translate): string {
  if (v === undefined) return t('none');
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (Array.isArray(v)) return v.join(', ');
  return neutralizeLine(String(v));
}

function contactLine(c: { name: string | null; email: string | null; phone: string | null }, t: Translate): string {
  const parts = [c.name, c.email ? `<${c.email}>` : null, c.phone].filter(Boolean);
  return parts.length ? parts.join(' ') : t('contact.none');
}

function stripTags(s: string): string {
  return s.replace(/<[^>]+>/g, '');
}

async function startSpinner(ctx: Context, text: string) {
  const { default: ora } = await import('ora');
  return ora({ text, stream: ctx.io.stderr as NodeJS.WritableStream, discardStdin: false, color: 'cyan', isEnabled: ctx.color.stderr || ctx.interactiveErr }).start();
}
