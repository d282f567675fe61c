// Secret redaction, one mechanism for every sink: CI logs (`ci-failure`), diagnostics (check
// commands), subjects, the --debug trace and error text. Every detector runs locally, nothing is
// verified online. Secrets become `[REDACTED:<rule>]`; callers get counts per rule, never the
// values. Detectors are in rules.ts; the values of secret-named environment variables and of the
// profile's own credentials are matched raw, base64- and URL-encoded. See docs/automation.md.

import { RULES } from './rules.js';

/** The rule that matched: `env-secret`, `key-value`, or a detector of rules.ts (`github-token`...). */
export type RuleName = string;

export interface RedactOptions {
  /** Environment whose secret-looking variables are redacted by value (raw, base64, URL-encoded...). */
  env?: Record<string, string | undefined>;
  /** More exact values (the profile's token, --redact-env values). */
  secrets?: (string | null | undefined)[];
  /** Refuse larger inputs (fail closed): default 8 MiB. */
  maxChars?: number;
  /** What a secret becomes: default `[REDACTED:<rule>]`. */
  mark?: (rule: RuleName) => string;
}

export interface RedactResult {
  text: string;
  counts: Partial<Record<RuleName, number>>;
  total: number;
}

/** Environment variable names whose values are secrets. */
export const SECRET_ENV_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION|SIGNING|WEBHOOK)/i;
const NOT_SECRET_ENV = /^(PWD|OLDPWD|PASSWD_FILE|SSH_AUTH_SOCK|GPG_AGENT_INFO|XAUTHORITY|.*_PATH|.*_FILE|.*_DIR|.*_URL_BASE)$/i;
const BORING_VALUES = new Set(['true', 'false', 'null', 'undefined', 'none', 'yes', 'no', '***']);

const defaultMark = (rule: RuleName) => `[REDACTED:${rule}]`;
/** Names of key=value pairs whose value is a secret. */
const SECRET_KV_NAME = /(password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth[_-]?key|session[_-]?id|cookie)/i;

// key=value pairs: NAME=value, NAME: value, "name": "value" (--name value is left alone: too
// ambiguous). A name is matched only from the start of its run of name characters, with bounded
// lengths, so a long line costs linear time (no backtracking from every position). When the name is
// not secret-like, scanning resumes right after the separator: the value may itself be a pair
// (`a=DB_PASSWORD=x`).
const KV_HEAD = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,200})(["']?\s{0,20}[:=]\s{0,20}["']?)/g;
const KV_VALUE = /(?!\[REDACTED)[^\s"',;&<>]{3,}/y;

function redactKeyValues(t: string, bump: () => void, mark: (rule: RuleName) => string): string {
  let out = '';
  let last = 0;
  KV_HEAD.lastIndex = 0;
  for (let m = KV_HEAD.exec(t); m; m = KV_HEAD.exec(t)) {
    const end = m.index + m[0].length;
    if (SECRET_KV_NAME.test(m[1]!)) {
      KV_VALUE.lastIndex = end;
      if (KV_VALUE.exec(t)) {
        out += t.slice(last, end) + mark('key-value');
        last = KV_VALUE.lastIndex;
        KV_HEAD.lastIndex = last;
        bump();
        continue;
      }
    }
    KV_HEAD.lastIndex = end;
  }
  return out + t.slice(last);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms in which a secret value can appear in a log. */
export function secretVariants(value: string): string[] {
  const out = new Set<string>();
  const add = (v: string) => {
    if (v.length >= 6) out.add(v);
  };
  const forms = (v: string) => {
    add(v);
    const b64 = Buffer.from(v).toString('base64');
    add(b64);
    add(b64.replace(/=+$/, ''));
    add(Buffer.from(v).toString('base64url'));
    add(encodeURIComponent(v));
    add(encodeURIComponent(v).replace(/%20/g, '+'));
    add(JSON.stringify(v).slice(1, -1));
  };
  forms(value);
  const lines = value.split(/\r?\n/).map((l) => l.trim());
  if (lines.length > 1) for (const l of lines) if (l.length >= 8) forms(l);
  return [...out];
}

/** Values of secret-looking environment variables (names matched by SECRET_ENV_NAME). */
export function secretEnvValues(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!v || v.length < 6 || !SECRET_ENV_NAME.test(k) || NOT_SECRET_ENV.test(k)) continue;
    if (BORING_VALUES.has(v.toLowerCase())) continue;
    out.push(v);
  }
  return out;
}

/**
 * Redact `text`. Throws when the input is too large (callers fail closed: the log is withheld).
 * Idempotent: redact(redact(x).text).text === redact(x).text.
 */
export function redact(text: string, opts: RedactOptions = {}): RedactResult {
  const max = opts.maxChars ?? 8 * 1024 * 1024;
  const mark = opts.mark ?? defaultMark;
  if (text.length > max) throw new Error(`input too large to redact safely (${text.length} characters)`);
  const counts: Partial<Record<RuleName, number>> = {};
  const bump = (rule: RuleName, n = 1) => {
    counts[rule] = (counts[rule] ?? 0) + n;
  };
  let t = text;
  // 1. Exact values (and encodings) of known secrets: longest first, so a value is not half-replaced.
  const values = [...secretEnvValues(opts.env ?? {}), ...(opts.secrets ?? []).filter((s): s is string => !!s && s.length >= 6)];
  const variants = [...new Set(values.flatMap(secretVariants))].sort((a, b) => b.length - a.length);
  if (variants.length) {
    const re = new RegExp(variants.map(escapeRe).join('|'), 'g');
    t = t.replace(re, () => {
      bump('env-secret');
      return mark('env-secret');
    });
  }
  // 2. Detectors.
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    t = t.replace(rule.re, (m: string, ...rest: unknown[]) => {
      bump(rule.name);
      const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      return rule.replace ? rule.replace(mark(rule.name), m, ...groups) : mark(rule.name);
    });
  }
  t = redactKeyValues(t, () => bump('key-value'), mark);
  const total = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  return { text: t, counts, total };
}

/**
 * The last `lines` lines of a log, redacted. Redaction runs on a window larger than what is kept
 * (so a secret is never cut in half before being recognised), then the window is trimmed.
 * On any failure the log is withheld: `{ ok: false, reason }`.
 */
export function redactLogTail(
  log: string,
  lines: number,
  opts: RedactOptions = {},
): { ok: true; text: string; counts: RedactResult['counts']; total: number; truncated: boolean } | { ok: false; reason: string } {
  try {
    const all = log.replace(/\r\n/g, '\n').split('\n');
    if (all.length && all[all.length - 1] === '') all.pop();
    // A margin of 200 lines keeps multi-line secrets (PEM blocks) whole across the cut.
    const window = all.slice(Math.max(0, all.length - lines - 200)).join('\n');
    const r = redact(window, opts);
    const kept = r.text.split('\n');
    const tail = kept.slice(Math.max(0, kept.length - lines));
    // A PEM block redacted in the margin leaves its marker: make sure no key material survives the cut.
    const text = tail.join('\n');
    return { ok: true, text, counts: r.counts, total: r.total, truncated: all.length > lines };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

export interface ScrubOptions {
  env?: Record<string, string | undefined>;
  mark?: (rule: RuleName) => string;
  /** The profile's own credentials and other exact values. */
  secrets?: (string | null | undefined)[];
}

/** Shown instead of text that could not be checked: redaction fails closed. */
export const WITHHELD = '[REDACTED: withheld, too large to check]';

/**
 * A text → text redactor for a sink (diagnostics, --debug, error text, subjects). Fails closed:
 * text it cannot check is withheld, never passed through.
 */
export function createScrubber(opts: ScrubOptions = {}): (text: string) => string {
  const env = opts.env ?? {};
  const secrets = opts.secrets ?? [];
  return (text: string) => {
    if (!text) return text;
    try {
      return redact(text, { env, secrets, mark: opts.mark }).text;
    } catch {
      return WITHHELD;
    }
  };
}
