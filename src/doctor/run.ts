import { arch, platform, release } from 'node:os';
import type { Context } from '../context/index.js';
import type { Backend, WriteCapabilities } from '../backends/backend.js';
import type { Category, CheckCommand, HealthReport } from '../model.js';
import type { ResolvedProfile } from '../config/resolve.js';
import { isTicketError } from '../errors.js';
import { VERSION } from '../version.js';
import { localText, translator, type Translate } from '../i18n/messages.js';
import type { CheckResult, DoctorReport, EnvironmentInfo, Incident } from './types.js';
import { secretScrubber } from './redact.js';
import { readDeflections } from './deflections.js';

// The diagnostics shared by `ticket doctor` and the first step of `ticket new`. Nothing here
// prints: callers render the report (text, JSON, or the "Diagnostics" section of a ticket).

export interface DoctorOptions {
  /** Run the check commands of these categories (doctor: all, or --category; wizard: the chosen one). */
  categories?: Category[];
  /** Skip the per-category commands. */
  skipCommands?: boolean;
  signal?: AbortSignal;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'NODE_EXTRA_CA_CERTS'];
/** Beyond this, TLS and token expiry start to fail in confusing ways. */
const SKEW_WARN_SECONDS = 120;

export async function runDoctor(ctx: Context, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const t = translator(ctx.language());
  const checks: CheckResult[] = [];
  let profile: ResolvedProfile | null = null;
  let incidents: Incident[] = [];
  let health: HealthReport | null = null;
  let capabilities: WriteCapabilities | null = null;

  // 1. configuration
  try {
    profile = ctx.profile();
    if (profile.backend !== 'local' && !profile.url) {
      checks.push({ id: 'config', name: t('doctor.config'), status: 'fail', code: 'config', summary: t('doctor.s.noUrl', { backend: profile.backend }) });
    } else {
      checks.push({
        id: 'config',
        name: t('doctor.config'),
        status: 'ok',
        summary: t('doctor.s.profile', { profile: profile.profileName ?? t('doctor.s.noProfile'), backend: `${profile.backend}${profile.url ? ` ${profile.url}` : ''}` }),
      });
    }
  } catch (e) {
    checks.push({ id: 'config', name: t('doctor.config'), status: 'fail', code: 'config', summary: errorLine(e, t) });
  }
  const scrub = secretScrubber([profile?.token, profile?.password]);

  // 2–3. backend reachable, credentials accepted
  let backend: Backend | null = null;
  if (profile && checks[0].status === 'ok') {
    try {
      backend = await ctx.backend();
      const started = Date.now();
      health = await backend.health();
      const latency = health.latencyMs ?? Date.now() - started;
      if (health.reachable) {
        checks.push({ id: 'backend', name: t('doctor.backend'), status: latency > 3000 ? 'warn' : 'ok', summary: `${backend.kind}, ${latency} ms` });
      } else {
        checks.push({
          id: 'backend',
          name: t('doctor.backend'),
          status: 'fail',
          code: 'unavailable',
          summary: scrub(health.message ?? t('doctor.s.unreachable')),
        });
      }
      if (health.authenticated === true) {
        const who = health.user?.email ?? health.user?.name ?? null;
        checks.push({ id: 'auth', name: t('doctor.auth'), status: 'ok', summary: who ? `${t('doctor.s.accepted')} (${scrub(who)})` : t('doctor.s.accepted') });
      } else if (health.authenticated === false) {
        checks.push({ id: 'auth', name: t('doctor.auth'), status: 'fail', code: 'auth', summary: t('doctor.s.refused') });
      } else if (health.reachable) {
        checks.push({ id: 'auth', name: t('doctor.auth'), status: 'skip', summary: backend.kind === 'local' ? t('doctor.s.localAuth') : t('doctor.s.unverified') });
      }
      // What writes can set here (statuses, types, CC, notes, reopen window), for scripts and agents.
      if (health.reachable && health.authenticated !== false && backend.writeCapabilities) {
        capabilities = await backend.writeCapabilities().catch(() => null);
      }
      // Rate-limit headroom (Zendesk X-Rate-Limit-*, Freshdesk X-RateLimit-*): warn under 10 % left.
      const rl = health.rateLimit;
      if (rl && rl.remaining !== null) {
        const low = rl.limit ? rl.remaining / rl.limit < 0.1 : rl.remaining === 0;
        checks.push({
          id: 'rate-limit',
          name: t('doctor.rateLimit'),
          status: low ? 'warn' : 'ok',
          summary: t('doctor.s.rateLimit', { remaining: rl.remaining, limit: rl.limit ?? '?' }),
        });
      }
    } catch (e) {
      const code = isTicketError(e) ? e.code : 'unavailable';
      checks.push({ id: 'backend', name: t('doctor.backend'), status: 'fail', code, summary: scrub(errorLine(e, t)) });
    }
  }

  // 4. service status page
  if (profile?.statusPageUrl) {
    try {
      const { fetchServiceStatus } = await import('./status-page.js');
      const st = await fetchServiceStatus(profile.statusPageUrl, { dispatcher: ctx.deps.dispatcher });
      incidents = st.incidents;
      const bad = st.indicator !== 'none' || incidents.length > 0;
      checks.push({
        id: 'status',
        name: t('doctor.status'),
        status: bad ? 'warn' : 'ok',
        summary: st.description || st.indicator,
        details: incidents.map((i) => `  ${i.name} (${i.impact}, ${i.status})${i.url ? ` ${i.url}` : ''}`),
      });
    } catch (e) {
      checks.push({ id: 'status', name: t('doctor.status'), status: 'warn', summary: t('doctor.s.statusUnreadable', { reason: scrub(errorLine(e, t)) }) });
    }
  } else {
    checks.push({ id: 'status', name: t('doctor.status'), status: 'skip', summary: t('doctor.s.noStatusPage') });
  }

  // 5. environment, proxy, clock
  const proxy: Record<string, string> = {};
  for (const k of PROXY_VARS) {
    const v = ctx.env[k];
    if (v) proxy[k] = scrub(v);
  }
  let skew: number | null = null;
  if (health?.serverDate) {
    const server = Date.parse(health.serverDate);
    if (!Number.isNaN(server)) skew = Math.round((ctx.now().getTime() - server) / 1000);
  }
  const environment: EnvironmentInfo = {
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    ticket: VERSION,
    backend: profile?.backend ?? 'unknown',
    profile: profile?.profileName ?? null,
    lang: ctx.language(),
    proxy,
    clockSkewSeconds: skew,
  };
  checks.push({ id: 'environment', name: t('doctor.environment'), status: 'ok', summary: `${environment.os}, Node ${environment.node}, ticket ${VERSION}` });
  checks.push({
    id: 'proxy',
    name: t('doctor.proxy'),
    status: 'ok',
    summary: Object.keys(proxy).length ? Object.entries(proxy).map(([k, v]) => `${k}=${v}`).join(' ') : t('doctor.s.noProxy'),
  });
  if (skew === null) {
    checks.push({ id: 'clock', name: t('doctor.clock'), status: 'skip', summary: t('doctor.s.noDate') });
  } else {
    checks.push({
      id: 'clock',
      name: t('doctor.clock'),
      status: Math.abs(skew) > SKEW_WARN_SECONDS ? 'warn' : 'ok',
      summary: Math.abs(skew) <= 1 ? t('doctor.s.inStep') : t(skew > 0 ? 'doctor.s.ahead' : 'doctor.s.behind', { seconds: Math.abs(skew) }),
    });
  }

  // 6. per-category check commands
  if (!opts.skipCommands) {
    const { runCheckCommand } = await import('./commands.js');
    const seen = new Set<string>();
    for (const c of opts.categories ?? []) {
      for (const chk of c.checks ?? []) {
        const key = JSON.stringify([chk.name, chk.program, chk.args]);
        if (seen.has(key)) continue;
        seen.add(key);
        if (opts.signal?.aborted) break;
        const r = await runCheckCommand(chk as CheckCommand, { env: ctx.env, scrub, signal: opts.signal, t });
        r.name = t('doctor.check', { name: localText(chk.name, c.translations?.checks?.[chk.name]) });
        checks.push(r);
      }
    }
  }

  return {
    ok: !checks.some((c) => c.status === 'fail'),
    generatedAt: ctx.now().toISOString(),
    checks,
    incidents,
    environment,
    deflections: readDeflections(ctx.paths.state).count,
    capabilities,
  };
}

function errorLine(e: unknown, t?: Translate): string {
  if (isTicketError(e)) {
    // In the language of the rest of the report (the English text when no translator is given).
    const said = t ? e.say(t) : { message: e.message, hint: e.hint };
    return said.hint ? `${said.message} ${said.hint}` : said.message;
  }
  return e instanceof Error ? e.message : String(e);
}

const MARK = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;

/** The report as lines for a terminal (doctor, wizard), in the language of `t` (English without). */
export function renderReport(
  report: DoctorReport,
  paint?: { ok(s: string): string; warn(s: string): string; fail(s: string): string; dim(s: string): string },
  t: Translate = translator('en'),
): string[] {
  const p = paint ?? { ok: (s: string) => s, warn: (s: string) => s, fail: (s: string) => s, dim: (s: string) => s };
  const lines: string[] = [];
  for (const c of report.checks) {
    const mark = c.status === 'ok' ? p.ok(MARK.ok) : c.status === 'warn' ? p.warn(MARK.warn) : c.status === 'fail' ? p.fail(MARK.fail) : p.dim(MARK.skip);
    lines.push(`${mark} ${t('doctor.line', { name: c.name, summary: c.summary })}`);
    for (const d of c.details ?? []) lines.push(p.dim(`  ${d}`));
  }
  return lines;
}

/** The "Diagnostics" section appended to a ticket's description (Markdown), in the language of `t`. */
export function reportMarkdown(report: DoctorReport, t: Translate = translator('en')): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`- [${c.status}] ${t('doctor.line', { name: c.name, summary: c.summary })}`);
    if (c.details?.length) {
      lines.push('', '  ```', ...c.details.map((d) => `  ${d.replace(/^\s+/, '')}`), '  ```');
    }
  }
  return lines.join('\n');
}
