import type { CheckCommand } from '../model.js';
import type { CheckResult } from './types.js';
import { truncateOutput } from './redact.js';
import { createScrubber } from '../redact/index.js';
import { neutralize } from '../io/sanitize.js';
import { excerpt } from '../util/text.js';
import { translator, type Translate } from '../i18n/messages.js';

// Per-category check commands from the forms file: program + args run directly (never through a
// shell, so nothing in them is interpreted), with a timeout, judged by exit code and/or an output
// pattern. Their output is truncated and scrubbed before it is shown or put into a ticket.

export interface RunChecksOptions {
  env: Record<string, string | undefined>;
  scrub: (text: string) => string;
  signal?: AbortSignal;
  cwd?: string;
  /** The summaries' language (English when not given). */
  t?: Translate;
}

/** Environment for check commands: the user's, minus ticket's own credentials. */
export function checkEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (k === 'TICKET_TOKEN' || k === 'TICKET_PASSWORD') continue;
    out[k] = v;
  }
  return out;
}

export async function runCheckCommand(check: CheckCommand, opts: RunChecksOptions): Promise<CheckResult> {
  const { execa } = await import('execa');
  const t = opts.t ?? translator('en');
  // The caller's scrubber knows the profile's secrets; the environment the command ran with is
  // scrubbed too (a check printing $GITLAB_TOKEN, or any *_PASSWORD it was given).
  const envScrub = createScrubber({ env: opts.env, mark: () => '********' });
  const scrub = (t: string) => envScrub(opts.scrub(t));
  const id = `check:${check.name}`;
  const name = check.name;
  // The command line is shown too: scrub it like the output, and keep it short.
  const shown = neutralize(excerpt(scrub([check.program, ...check.args].join(' ')), 80));
  const started = Date.now();
  const r = await execa(check.program, check.args, {
    shell: false,
    reject: false,
    timeout: Math.max(1, check.timeoutMs || 10_000),
    stdin: 'ignore',
    all: true,
    extendEnv: false,
    env: checkEnv(opts.env),
    cwd: opts.cwd,
    maxBuffer: 1024 * 1024,
    cancelSignal: opts.signal,
    forceKillAfterDelay: 1000,
    stripFinalNewline: true,
  });
  const ms = Date.now() - started;
  // Scrubbed before truncation too, so a secret is never cut in half before it is recognised.
  const output = neutralize(scrub(truncateOutput(scrub(String(r.all ?? '')))));
  const details = output ? output.split('\n').map((l) => `  ${l}`) : [];
  if (r.isCanceled) {
    return { id, name, status: 'skip', summary: t('doctor.c.cancelled', { command: shown }), details };
  }
  if (r.timedOut) {
    return { id, name, status: 'fail', summary: t('doctor.c.timedOut', { command: shown, ms: check.timeoutMs }), details, code: 'check' };
  }
  if (r.failed && r.exitCode === undefined) {
    const why = (r as { code?: string }).code === 'ENOENT' ? t('doctor.c.notFound') : scrub(r.shortMessage ?? t('doctor.c.couldNotRun'));
    return { id, name, status: 'fail', summary: t('doctor.line', { name: shown, summary: why }), details, code: 'check' };
  }
  const expectExit = check.expectExit ?? 0;
  const problems: string[] = [];
  if (r.exitCode !== expectExit) problems.push(t('doctor.c.exitCode', { code: String(r.exitCode), expected: expectExit }));
  if (check.expectOutput) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(check.expectOutput, 'm');
    } catch {
      problems.push(t('doctor.c.badPattern', { pattern: check.expectOutput }));
    }
    if (re && !re.test(String(r.all ?? ''))) problems.push(t('doctor.c.noMatch', { pattern: check.expectOutput }));
  }
  if (problems.length) {
    return { id, name, status: 'fail', summary: t('doctor.c.problems', { command: shown, problems: problems.join(t('doctor.c.sep')), ms }), details, code: 'check' };
  }
  return { id, name, status: 'ok', summary: t('doctor.c.ok', { command: shown, code: String(r.exitCode), ms }), details };
}
