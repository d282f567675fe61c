import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import type { Ticket } from '../model.js';
import { QueuedError, TicketError, UsageError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { collect } from './shared/options.js';
import { addCreateFlags, type CreateFlags } from './ticket/create-flags.js';

/** The create flags it shares (declared in create-flags.ts), and its own. */
export interface CiFailureFlags extends Pick<CreateFlags, 'category' | 'subject' | 'priority' | 'tag' | 'field' | 'dryRun'> {
  log?: string;
  logLines?: string;
  fingerprint?: string;
  maxNew?: string;
  justification?: string;
  redactEnv?: string[];
  repository?: string;
  workflow?: string;
  job?: string;
  runId?: string;
  runUrl?: string;
  strict?: boolean;
}

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const cmd = program.command('ci-failure').description(t('help.ci.desc'));
  addCreateFlags(cmd, t, ['category', 'subject'], { category: 'help.ci.category', subject: 'help.ci.subject' })
    .option('--log <file>', t('help.ci.log'))
    .option('--log-lines <n>', t('help.ci.logLines'))
    .option('--fingerprint <fp>', t('help.ci.fingerprint'))
    .option('--max-new <n>', t('help.ci.maxNew'));
  addCreateFlags(cmd, t, ['priority', 'tag', 'field'], { priority: 'prio.flag.ciPriority', tag: 'help.ci.tag', field: 'help.ci.field' })
    .option('--justification <text>', t('prio.flag.justification'))
    .option('--redact-env <name>', t('help.ci.redactEnv'), collect)
    .option('--repository <name>', t('help.ci.repository'))
    .option('--workflow <name>', t('help.ci.workflow'))
    .option('--job <name>', t('help.ci.job'))
    .option('--run-id <id>', t('help.ci.runId'))
    .option('--run-url <url>', t('help.ci.runUrl'))
    .option('--strict', t('help.ci.strict'));
  addCreateFlags(cmd, t, ['dryRun'], { dryRun: 'help.ci.dryRun' })
    .addHelpText('after', t('help.ci.after'))
    .action(async (flags: CiFailureFlags) => runCiFailure(host.context(), flags));
}

function positiveInt(v: string | undefined, flag: string, dflt: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n > max) throw new UsageError(msg('cmd.opt.countRange', { flag, min: 0, max, value: v }));
  return n;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : one.slice(0, Math.max(1, max - 1)).trimEnd() + '…';
}

export async function runCiFailure(ctx: Context, flags: CiFailureFlags): Promise<void> {
  const { writeJsonLine, writeOut, warn } = await import('../io/output.js');
  const json = ctx.globals.json;
  if (ctx.env.TICKET_CI_DISABLE && ctx.env.TICKET_CI_DISABLE !== '0') {
    warn(ctx, ctx.t('cmd.ci.disabled'));
    return;
  }
  // Usage errors are the caller's bug: they fail even without --strict.
  const logLines = positiveInt(flags.logLines ?? ctx.env.TICKET_CI_LOG_LINES, '--log-lines', 200, 100_000);
  const maxNew = positiveInt(flags.maxNew ?? ctx.env.TICKET_CI_MAX_NEW, '--max-new', 5, 1000);
  const { parsePriority, parseFieldPairs, parseKey, parseTags } = await import('./shared/options.js');
  flags = { ...flags, fingerprint: parseKey(flags.fingerprint, '--fingerprint'), tag: parseTags(flags.tag) };
  const { ciPriority, settleJustification } = await import('../operations/priority.js');
  const priority = flags.priority ? parsePriority(flags.priority) : ciPriority(ctx);
  const justification = await settleJustification(ctx, priority, flags.justification);
  const fieldPairs = parseFieldPairs(flags.field);

  const { detectCi } = await import('../ci/detect.js');
  const { redactLogTail } = await import('../redact/index.js');
  const { fingerprint, firstErrorLine, normalizeLine, idempotencyKeyFor } = await import('../ci/fingerprint.js');
  const detected = detectCi(ctx.env);
  const ci = {
    ...detected,
    repository: flags.repository ?? detected.repository,
    workflow: flags.workflow ?? detected.workflow,
    job: flags.job ?? detected.job,
    runId: flags.runId ?? detected.runId,
    runUrl: flags.runUrl ?? detected.runUrl,
  };

  // 1. The log: read, then redact before anything else touches it.
  let log: { ok: true; text: string; counts: Record<string, number | undefined>; total: number; truncated: boolean } | { ok: false; reason: string } | null = null;
  if (flags.log !== undefined) {
    let raw: string | null = null;
    try {
      // Only the end of a big log matters (and fits in memory): the last 4 MiB, from a line start.
      const TAIL = 4 * 1024 * 1024;
      const fromLineStart = (b: Buffer, cut: boolean) => {
        const text = b.toString('utf8');
        return cut ? text.slice(text.indexOf('\n') + 1) : text;
      };
      if (flags.log === '-') {
        let kept: Buffer[] = [];
        let size = 0;
        let cut = false;
        for await (const chunk of ctx.io.stdin) {
          const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
          kept.push(b);
          size += b.length;
          if (size > 2 * TAIL) {
            const all = Buffer.concat(kept);
            kept = [all.subarray(all.length - TAIL)];
            size = TAIL;
            cut = true;
          }
        }
        const all = Buffer.concat(kept);
        raw = fromLineStart(all.length > TAIL ? all.subarray(all.length - TAIL) : all, cut || all.length > TAIL);
      } else {
        const { open } = await import('node:fs/promises');
        const fh = await open(flags.log, 'r');
        try {
          const { size } = await fh.stat();
          const len = Math.min(size, TAIL);
          const buf = Buffer.alloc(len);
          await fh.read(buf, 0, len, size - len);
          raw = fromLineStart(buf, size > TAIL);
        } finally {
          await fh.close();
        }
      }
    } catch (e) {
      if (flags.strict) throw new UsageError(msg('cmd.ci.logUnreadable', { file: flags.log, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
      warn(ctx, ctx.t('cmd.ci.logSkipped', { file: flags.log }));
    }
    if (raw !== null) {
      let secrets: (string | undefined)[] = [];
      try {
        const p = ctx.profile();
        secrets = [p.token, p.password];
      } catch {
        /* no profile */
      }
      for (const name of flags.redactEnv ?? []) secrets.push(ctx.env[name]);
      log = redactLogTail(raw, logLines, { env: ctx.env, secrets });
      if (!log.ok) warn(ctx, ctx.t('cmd.ci.logWithheld', { reason: log.reason }));
    }
  }

  // 2. The failure's identity.
  const errorLine = log?.ok ? firstErrorLine(log.text) : '';
  const signature = normalizeLine(errorLine || flags.subject || '');
  const fp = flags.fingerprint ?? fingerprint({ repository: ci.repository, workflow: ci.workflow, job: ci.job, signature });
  // The comment marker is per run and job (a retried step finds it); the --max-new cap is per pipeline run.
  const runKey = ci.runId ? `${ci.provider ?? 'ci'}:${ci.runId}:${ci.job ?? ''}` : null;
  const pipelineRun = ci.runId ? `${ci.provider ?? 'ci'}:${ci.runId}` : null;
  const marker = runKey ? `[ticket-ci-run: ${runKey}]` : null;

  const where = [ci.repository, [ci.workflow, ci.job].filter(Boolean).join(' / ')].filter(Boolean).join(': ');
  const say = ctx.t;
  const details = [
    ci.provider ? say('cmd.ci.body.provider', { value: ci.provider }) : null,
    ci.repository ? say('cmd.ci.body.repository', { value: ci.repository }) : null,
    ci.branch ? say('cmd.ci.body.branch', { value: ci.branch }) : null,
    ci.commit ? say('cmd.ci.body.commit', { value: ci.commit }) : null,
    ci.workflow ? say('cmd.ci.body.workflow', { value: ci.workflow }) : null,
    ci.job ? say('cmd.ci.body.job', { value: ci.job }) : null,
    ci.runUrl ? say('cmd.ci.body.run', { value: ci.runUrl }) : null,
    errorLine ? say('cmd.ci.body.firstError', { value: errorLine }) : null,
    say('cmd.ci.body.fingerprint', { value: fp }),
  ].filter(Boolean);
  const logPart =
    log === null
      ? say('cmd.ci.body.noLog')
      : log.ok
        ? `${log.total ? say('cmd.ci.body.logRedacted', { n: logLines, total: log.total }) : say('cmd.ci.body.log', { n: logLines })}\n\n\`\`\`\n${log.text}\n\`\`\``
        : say('cmd.ci.body.logWithheld');
  // Everything that leaves goes through the redactor once more: CI variables can hold credentials
  // too (a Jenkins GIT_URL with user:token@). The log part is already redacted (redaction is idempotent).
  const { redact } = await import('../redact/index.js');
  const redactOpts = { env: ctx.env, secrets: (flags.redactEnv ?? []).map((n) => ctx.env[n]) };
  const scrub = (s: string) => {
    try {
      return redact(s, redactOpts).text;
    } catch {
      return say('cmd.ci.body.unredactable');
    }
  };
  const body = (intro: string) => scrub([intro, '', ...details, '', logPart, ...(marker ? ['', marker] : [])].join('\n'));

  // One JSON line per action (as `bulk`), unless a person is reading a terminal without --json.
  const jsonLines = json || ctx.io.stdout.isTTY !== true;
  const emit = (line: Record<string, unknown>) => {
    if (jsonLines) writeJsonLine(ctx, line);
    else if (line.action === 'queued') writeOut(ctx, say('cmd.ci.queued', { id: String(line.outboxId), fp }));
    else if (line.ok) {
      const action = ciAction(say, String(line.action));
      writeOut(ctx, say(line.alreadyReported ? 'cmd.ci.line.already' : 'cmd.ci.line', { action, id: String(line.id), fp }));
    }
  };

  if (flags.dryRun) {
    let decision = 'create';
    let decisionReason: string | null = null;
    let existingId: string | null = null;
    try {
      const backend = await ctx.backend();
      const existing = await backend.findByDedupeKey(fp, { includeClosed: true });
      existingId = existing?.id ?? null;
      if (existing) decision = isActive(existing) ? 'comment' : 'reopen';
    } catch (e) {
      decision = `create (the backend could not be consulted: ${(e as Error).message})`;
      decisionReason = e instanceof TicketError ? e.say(say).message : (e as Error).message;
    }
    const plan = {
      dryRun: true,
      fingerprint: fp,
      signature,
      decision,
      ticket: existingId,
      run: runKey,
      ci: { provider: ci.provider, repository: ci.repository, branch: ci.branch, commit: ci.commit, workflow: ci.workflow, job: ci.job, runUrl: ci.runUrl },
      log: (log === null ? 'none' : log.ok ? 'included' : 'withheld') as 'none' | 'included' | 'withheld',
      redactions: log?.ok ? log.counts : {},
    };
    if (jsonLines) writeJsonLine(ctx, plan);
    else {
      const counts = Object.entries(plan.redactions);
      const said = decisionReason !== null ? say('cmd.ci.decision.offline', { reason: decisionReason }) : say(`cmd.ci.decision.${decision as 'create' | 'comment' | 'reopen'}`);
      const rows: [string, string][] = [
        [say('cmd.ci.dry.fingerprint'), fp],
        [say('cmd.ci.dry.signature'), signature || say('cmd.ci.dry.none.signature')],
        [say('cmd.ci.dry.decision'), `${said}${existingId ? ` #${existingId}` : ''}`],
        [say('cmd.ci.dry.log'), say(`cmd.ci.log.${plan.log}`)],
        [say('cmd.ci.dry.redactions'), counts.length ? counts.map(([k, v]) => `${k}=${v}`).join(' ') : say('cmd.ci.dry.none')],
      ];
      const w = Math.max(...rows.map(([k]) => k.length));
      const text = rows.map(([k, v]) => `${k.padEnd(w)} ${v}`);
      writeOut(ctx, text.slice(0, 3).join('\n'));
      writeOut(ctx, text[3]!);
      writeOut(ctx, text[4]!);
    }
    return;
  }

  try {
    const backend = await ctx.backend();
    const { withLock } = await import('../store/lock.js');
    const { join } = await import('node:path');
    const { lockStaleMs } = await import('../outbox/send.js');
    await withLock(
      join(ctx.paths.state, 'ci', 'locks', `${fp}.lock`),
      async () => {
        await fileIt(ctx, backend, {
          fp,
          marker,
          runKey,
          pipelineRun,
          maxNew,
          body,
          emit,
          priority,
          justification,
          fieldPairs,
          subject: flags.subject,
          category: flags.category,
          tags: flags.tag ?? [],
          defaultSubject: `${where ? say('cmd.ci.subject.in', { where }) : say('cmd.ci.subject')}${errorLine ? `: ${errorLine}` : ''}`,
          idempotencyKey: (prev: string | null) => idempotencyKeyFor(fp, prev),
          scrub,
        });
      },
      { staleMs: lockStaleMs(ctx.env), waitMs: 120_000 },
    );
  } catch (e) {
    if (e instanceof QueuedError) {
      emit({ id: null, ok: true, action: 'queued', outboxId: e.data?.outboxId, fingerprint: fp });
      throw e;
    }
    if (flags.strict) throw e;
    const err = e instanceof TicketError ? e : null;
    if (jsonLines) writeJsonLine(ctx, { id: null, ok: false, fingerprint: fp, error: err ? err.toJSON().error : { code: 'internal', message: String((e as Error)?.message ?? e) } });
    warn(ctx, say('cmd.ci.notFiled', { reason: err ? err.say(say).message : String((e as Error)?.message ?? e) }));
  }
}

/** A line's action said in the user's language (an unknown one as it is). */
function ciAction(say: Context['t'], action: string): string {
  const known = ['created', 'commented', 'reopened', 'suppressed'] as const;
  return (known as readonly string[]).includes(action) ? say(`cmd.ci.action.${action as (typeof known)[number]}`) : action;
}

function isActive(t: Ticket): boolean {
  return ['new', 'open', 'pending', 'on-hold'].includes(t.status);
}

interface FileArgs {
  fp: string;
  marker: string | null;
  runKey: string | null;
  pipelineRun: string | null;
  maxNew: number;
  body: (intro: string) => string;
  emit: (line: Record<string, unknown>) => void;
  priority: import('../model.js').Priority;
  justification?: string;
  fieldPairs: [string, string][];
  subject?: string;
  category?: string;
  tags: string[];
  defaultSubject: string;
  idempotencyKey: (previousTicketId: string | null) => string;
  scrub: (s: string) => string;
}

/** Check-then-act, run under the per-fingerprint lock. */
async function fileIt(ctx: Context, backend: Backend, a: FileArgs): Promise<void> {
  const { submitCreate, submitReply } = await import('../operations/submit.js');
  const { withJustification } = await import('../operations/priority.js');
  const { UnavailableError, RateLimitedError } = await import('../errors.js');
  const unreachable = (e: unknown) => e instanceof UnavailableError || e instanceof RateLimitedError;
  // Unreachable: file a create with the fingerprint as dedupe key; the outbox keeps it, and when it
  // is delivered the dedupe check turns it into a comment if the ticket exists by then.
  let offline = false;
  const existing = await backend.findByDedupeKey(a.fp, { includeClosed: true }).catch((e) => {
    if (!unreachable(e)) throw e;
    offline = true;
    return null;
  });
  if (existing) {
    if (a.marker) {
      const full = await backend.getTicket(existing.id, { comments: true });
      const seen = (full.comments ?? []).some((c) => c.body.includes(a.marker!));
      if (seen) {
        a.emit({ id: existing.id, ok: true, action: isActive(existing) ? 'commented' : 'reopened', fingerprint: a.fp, alreadyReported: true });
        return;
      }
    }
    if (isActive(existing)) {
      await submitReply(ctx, backend, existing.id, { body: a.body(ctx.t('cmd.ci.body.again')), attachments: [], public: true }, { origin: 'ci-failure' });
      a.emit({ id: existing.id, ok: true, action: 'commented', fingerprint: a.fp });
      return;
    }
    const comment = a.body(ctx.t('cmd.ci.body.back'));
    try {
      // Verified like `ticket reopen`: a ticket the backend left solved is not-applied, not "reopened".
      const { reopenOperation } = await import('../operations/write.js');
      const r = await reopenOperation(backend, existing.id, { comment });
      a.emit({
        id: r.ticket.id,
        ok: true,
        action: r.followUp ? 'created' : 'reopened',
        fingerprint: a.fp,
        ...(r.followUp ? { followUpOf: existing.id } : {}),
      });
    } catch (e) {
      if (!(e instanceof UnavailableError || e instanceof RateLimitedError)) throw e;
      // Unreachable: queue the comment with the status change, which reopens it when delivered.
      await submitReply(ctx, backend, existing.id, { body: comment, attachments: [], public: true, status: 'open' }, { origin: 'ci-failure' });
    }
    return;
  }
  // A new ticket, unless this pipeline run already opened too many.
  const { runFile, readRun, recordCreated } = await import('../ci/runs.js');
  const { withLock } = await import('../store/lock.js');
  const run = a.pipelineRun ? runFile(ctx.paths.state, a.pipelineRun) : null;
  if (run && a.maxNew >= 0) {
    const created = readRun(run).created;
    if (!created.includes(a.fp) && created.length >= a.maxNew) {
      const { warn } = await import('../io/output.js');
      warn(ctx, ctx.t('cmd.ci.maxNew', { n: created.length, max: a.maxNew }));
      a.emit({ id: null, ok: true, action: 'suppressed', reason: 'max-new', fingerprint: a.fp });
      return;
    }
  }
  const p = ctx.profile();
  let category = a.category ?? p.defaultCategory ?? ctx.env.TICKET_CI_CATEGORY;
  let fields: Record<string, import('../model.js').FieldValue> = Object.fromEntries(a.fieldPairs);
  if (!offline) {
    const { resolveCategory, validateFields } = await import('../forms/validate.js');
    try {
      const categories = await backend.listCategories();
      const cat = category ? resolveCategory(categories, category) : categories[0];
      if (!cat) throw new UsageError(msg('cmd.ci.noCategory'), { hint: msg('cmd.ci.noCategory.hint') });
      category = cat.id;
      const full = cat.fields.length ? cat : await backend.getCategory(cat.id);
      fields = validateFields(full, a.fieldPairs);
    } catch (e) {
      if (!unreachable(e)) throw e;
    }
  }
  if (!category) throw new UsageError(msg('cmd.ci.noCategoryOffline'), { hint: msg('cmd.ci.noCategoryOffline.hint') });
  const max = backend.capabilities.subjectMaxLength;
  const subject = clip(a.scrub(a.subject ?? a.defaultSubject), max);
  const record = () => {
    if (run) {
      void withLock(`${run}.lock`, async () => recordCreated(run, a.fp)).catch(() => undefined);
    }
  };
  // Type and marker tag only where the backend stores them (RT has neither without custom fields).
  const { capabilitiesOf } = await import('../operations/verify.js');
  const caps = await capabilitiesOf(backend, 'create').catch(() => null);
  const types = caps ? (caps.typesByCategory?.[category] ?? caps.types) : null;
  const type = !types || types.includes('incident') ? ('incident' as const) : null;
  const tags = caps?.tags === false ? [] : [...new Set(['ci-failure', ...a.tags])];
  try {
    const r = await submitCreate(
      ctx,
      backend,
      {
        category,
        subject,
        body: withJustification(a.body(ctx.t('cmd.ci.body.failed')), a.priority, a.justification, ctx.t),
        priority: a.priority,
        type,
        fields,
        attachments: [],
        cc: [],
        tags,
        // Filed by the signed-in user (the local backend: the profile's contact), never on behalf of someone.
        requester: null,
        idempotencyKey: a.idempotencyKey(`none:${ctx.now().toISOString().slice(0, 10)}`),
        dedupeKey: a.fp,
      },
      { origin: 'ci-failure' },
    );
    if (run && r.action === 'created') await withLock(`${run}.lock`, async () => recordCreated(run, a.fp));
    a.emit({ id: r.ticket.id, ok: true, action: r.action, fingerprint: a.fp });
  } catch (e) {
    if (e instanceof QueuedError) record();
    throw e;
  }
}
