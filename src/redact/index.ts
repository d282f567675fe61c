// Log redaction for `ci-failure` (and anything else that ships text a CI job produced): every
// detector runs locally, nothing is verified online. Secrets become `[REDACTED:<rule>]`; callers get
// counts per rule, never the values. See docs/automation.md and reference/reliability.md §4.

export type RuleName =
  | 'env-secret'
  | 'pem-private-key'
  | 'github-token'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'slack-token'
  | 'slack-webhook'
  | 'jwt'
  | 'url-password'
  | 'authorization'
  | 'bearer'
  | 'key-value';

export interface RedactOptions {
  /** Environment whose secret-looking variables are redacted by value (raw, base64, URL-encoded...). */
  env?: Record<string, string | undefined>;
  /** More exact values (the profile's token, --redact-env values). */
  secrets?: (string | null | undefined)[];
  /** Refuse larger inputs (fail closed): default 8 MiB. */
  maxChars?: number;
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

const mark = (rule: RuleName) => `[REDACTED:${rule}]`;
/** Names of key=value pairs whose value is a secret. */
const SECRET_KV_NAME = /(password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth[_-]?key|session[_-]?id|cookie)/i;
const NOT_MARK = '(?!\\[REDACTED)';

// key=value pairs: NAME=value, NAME: value, "name": "value" (--name value is left alone: too
// ambiguous). A name is matched only from the start of its run of name characters, with bounded
// lengths, so a long line costs linear time (no backtracking from every position). When the name is
// not secret-like, scanning resumes right after the separator: the value may itself be a pair
// (`a=DB_PASSWORD=x`).
const KV_HEAD = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,200})(["']?\s{0,20}[:=]\s{0,20}["']?)/g;
const KV_VALUE = /(?!\[REDACTED)[^\s"',;&<>]{3,}/y;

function redactKeyValues(t: string, bump: () => void): string {
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

interface Rule {
  name: RuleName;
  re: RegExp;
  /** Replacement; default: the whole match. */
  replace?: (m: string, ...groups: string[]) => string;
}

// Order matters: whole blocks first, then the most specific token shapes, then contextual rules.
const RULES: Rule[] = [
  {
    name: 'pem-private-key',
    re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
  },
  // The tail of a key whose BEGIN line was cut off by the log window.
  { name: 'pem-private-key', re: /^[\s\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g },
  { name: 'github-token', re: /github_pat_[A-Za-z0-9_]{20,255}/g },
  { name: 'github-token', re: /gh[pousr]_[A-Za-z0-9_]{20,255}/g },
  { name: 'aws-access-key', re: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z2-7])/g },
  {
    name: 'aws-secret-key',
    re: /(aws[\w.-]{0,30}(?:secret|private)[\w.-]{0,30}["']?\s*[:=]\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    replace: (_m, pre) => `${pre}${mark('aws-secret-key')}`,
  },
  { name: 'slack-webhook', re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{10,}/g },
  { name: 'slack-token', re: /xox[abposre]-[A-Za-z0-9-]{10,}/g },
  { name: 'slack-token', re: /xapp-\d-[A-Za-z0-9]+-\d+-[A-Za-z0-9]+/gi },
  // From the start of a run only: a long run of base64url without the dots fails in linear time.
  { name: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  {
    name: 'url-password',
    re: new RegExp(`([a-z][a-z0-9+.-]{1,20}://[^\\s:@/?#"'<>]*:)${NOT_MARK}([^\\s@/?#"'<>]+)@`, 'gi'),
    replace: (_m, pre) => `${pre}${mark('url-password')}@`,
  },
  {
    name: 'authorization',
    re: new RegExp(`(\\b(?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)(?:(basic|bearer|token|digest|negotiate|ntlm|aws4-hmac-sha256)\\s+)?${NOT_MARK}(?!(?:basic|bearer|token|digest|negotiate|ntlm|aws4-hmac-sha256)\\s)([^\\s"',;]+)`, 'gi'),
    replace: (_m, pre, scheme) => `${pre}${scheme ? scheme + ' ' : ''}${mark('authorization')}`,
  },
  {
    name: 'bearer',
    re: new RegExp(`(\\bbearer\\s+)${NOT_MARK}([A-Za-z0-9._~+/=-]{8,})`, 'gi'),
    replace: (_m, pre) => `${pre}${mark('bearer')}`,
  },
];

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
      return rule.replace ? rule.replace(m, ...groups) : mark(rule.name);
    });
  }
  t = redactKeyValues(t, () => bump('key-value'));
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
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
