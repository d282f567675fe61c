import { readFile, stat, open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Context } from '../../context/index.js';
import { UsageError, ValidationError } from '../../errors.js';
import { readAll } from '../../io/streams.js';
import type { AttachmentInput, ListFilter, Status, TicketType } from '../../model.js';
import { STATUSES, TICKET_TYPES, isStatus, isTicketType } from '../../model.js';
import { closest, isEmail } from '../../util/text.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { fold } from '../../i18n/fold.js';

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseStatus(s: string, flag: string | Msg = '--status'): Status {
  const v = fold(s).replace(/[_ ]/g, '-');
  const alias: Record<string, Status> = { hold: 'on-hold', onhold: 'on-hold', resolved: 'solved', stalled: 'on-hold' };
  const st = alias[v] ?? v;
  if (isStatus(st)) return st;
  const guess = closest(s, [...STATUSES]);
  throw new UsageError(guess ? msg('cmd.opt.unknownStatus.guess', { flag, value: s, guess }) : msg('cmd.opt.unknownStatus', { flag, value: s }), {
    hint: msg('cmd.opt.useOneOf', { list: STATUSES.join(', ') }),
  });
}

export function parseStatuses(s: string): Status[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => parseStatus(x));
}

/** The one priority parser (operations/priority.ts): medium, the French, Romanian and Sage words too. */
export { parsePriority } from '../../operations/priority.js';

export function parseType(s: string): TicketType {
  const v = fold(s);
  const alias: Record<string, TicketType> = { feature_proposal: 'feature', 'feature-proposal': 'feature', problem: 'incident' };
  const t = alias[v] ?? v;
  if (isTicketType(t)) return t;
  throw new UsageError(msg('cmd.opt.unknownType', { value: s }), { hint: msg('cmd.opt.useOneOf', { list: TICKET_TYPES.join(', ') }) });
}

/** --field KEY=VALUE pairs. */
export function parseFieldPairs(items: string[] | undefined): [string, string][] {
  return (items ?? []).map((item) => {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(msg('cmd.opt.fieldPair', { value: item }), { hint: msg('cmd.opt.fieldPair.hint') });
    return [item.slice(0, i).trim(), item.slice(i + 1)] as [string, string];
  });
}

export function parseCc(items: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    for (const e of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
      if (!isEmail(e)) {
        throw new ValidationError(msg('cmd.opt.badCc', { email: e }), { hint: msg('cmd.opt.badCc.hint') });
      }
      if (!out.includes(e.toLowerCase())) out.push(e.toLowerCase());
    }
  }
  return out;
}

export function parseLimit(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(msg('cmd.opt.limit', { value: s }), { hint: msg('cmd.opt.limit.hint') });
  return n;
}

/** The farthest back --since may reach: older than this is a typo, not a filter. */
const MAX_SINCE_YEARS = 100;

/** --since 7d | 12h | 2w | 2026-11-01 | 2026-11-01T10:00:00Z → ISO date-time. */
export function parseSince(s: string, now: Date): string {
  const v = s.trim();
  const hint = msg('cmd.since.hint');
  if (!v) throw new UsageError(msg('cmd.since.empty'), { hint });
  const m = /^(\d{1,12})\s*([mhdw])$/.exec(v);
  if (m) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
    const ms = Number(m[1]) * unit;
    if (ms > MAX_SINCE_YEARS * 365.25 * 86_400_000) {
      throw new UsageError(msg('cmd.since.tooFar', { value: v, years: MAX_SINCE_YEARS }), { hint });
    }
    return new Date(now.getTime() - ms).toISOString();
  }
  if (/^\d+\s*[mhdw]$/.test(v)) throw new UsageError(msg('cmd.since.tooFar', { value: v, years: MAX_SINCE_YEARS }), { hint });
  const d = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (d) {
    const [y, mo, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const probe = new Date(Date.UTC(y, mo - 1, day));
    // JavaScript rolls 2026-02-30 over to March 2: a date that does not exist is refused instead.
    const real = probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === day;
    const timeOk = d[4] === undefined || (Number(d[4]) < 24 && Number(d[5]) < 60 && (d[6] === undefined || Number(d[6]) < 60));
    if (!real || !timeOk) throw new UsageError(msg(real ? 'cmd.since.notRealTime' : 'cmd.since.notReal', { value: v }), { hint });
    const at = new Date(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T'));
    if (!Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1970) return at.toISOString();
  }
  throw new UsageError(msg('cmd.since.unreadable', { value: s }), { hint });
}

export interface FilterFlags {
  status?: string;
  category?: string;
  requester?: string;
  mine?: boolean;
  since?: string;
  search?: string;
  limit?: string;
  sort?: string;
  query?: string;
}

export function filterFrom(flags: FilterFlags, now: Date, defaultLimit = 30): ListFilter {
  const sort = flags.sort ?? 'created';
  if (sort !== 'created' && sort !== 'updated') {
    throw new UsageError(msg('cmd.opt.sort', { value: sort }), { hint: msg('cmd.opt.sort.hint') });
  }
  return {
    status: flags.status ? parseStatuses(flags.status) : undefined,
    category: flags.category,
    requester: flags.requester,
    mine: flags.mine,
    since: flags.since !== undefined ? parseSince(flags.since, now) : undefined,
    search: flags.search,
    limit: flags.limit !== undefined ? parseLimit(flags.limit) : defaultLimit,
    sort,
    query: flags.query,
  };
}

/** Body from --body, --body-file FILE, or --body-file - (stdin). Undefined when none was given. */
export async function readBody(ctx: Context, flags: { body?: string; bodyFile?: string }): Promise<string | undefined> {
  if (flags.body !== undefined && flags.bodyFile !== undefined) {
    throw new UsageError(msg('cmd.body.both'));
  }
  if (flags.body !== undefined) return flags.body;
  if (flags.bodyFile === undefined) return undefined;
  if (flags.bodyFile === '-') return readAll(ctx.io.stdin);
  try {
    return await readFile(flags.bodyFile, 'utf8');
  } catch (e) {
    throw new ValidationError(msg('cmd.body.unreadable', { file: flags.bodyFile, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), {
      hint: msg('cmd.body.unreadable.hint'),
    });
  }
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.html': 'text/html',
  '.md': 'text/markdown',
};

export function contentTypeFor(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Check every --attach path before anything is sent: exists, a file, readable, under the limit. */
export async function loadAttachments(paths: string[] | undefined, maxBytes: number): Promise<AttachmentInput[]> {
  const out: AttachmentInput[] = [];
  for (const p of paths ?? []) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new ValidationError(msg('cmd.attach.missing', { path: p }), { hint: msg('cmd.attach.missing.hint') });
    }
    if (st.isDirectory()) throw new ValidationError(msg('cmd.attach.dir', { path: p }), { hint: msg('cmd.attach.dir.hint') });
    if (!st.isFile()) {
      throw new ValidationError(msg('cmd.attach.special', { path: p }), { hint: msg('cmd.attach.special.hint') });
    }
    let knownSize = true;
    try {
      const fh = await open(p, 'r');
      try {
        // Files of /proc and /sys say 0 bytes and yet have content: their size cannot be known, so
        // what would be sent cannot be checked (a 0-byte copy would be stored).
        if (st.size === 0) {
          const { bytesRead } = await fh.read(Buffer.alloc(1), 0, 1, 0);
          knownSize = bytesRead === 0;
        }
      } finally {
        await fh.close();
      }
    } catch {
      throw new ValidationError(msg('cmd.attach.unreadable', { path: p }), { hint: msg('cmd.attach.unreadable.hint') });
    }
    if (!knownSize) {
      throw new ValidationError(msg('cmd.attach.noSize', { path: p }), { hint: msg('cmd.attach.noSize.hint', { path: p }) });
    }
    if (st.size > maxBytes) {
      throw new ValidationError(msg('cmd.attach.tooBig', { path: p, size: human(st.size), max: human(maxBytes) }), {
        hint: msg('cmd.attach.tooBig.hint'),
      });
    }
    out.push({ path: p, name: basename(p), size: st.size, contentType: contentTypeFor(p) });
  }
  return out;
}

// Characters that print nothing: controls (C0, DEL, C1), bidi overrides and isolates, zero-width
// characters and joiners, the BOM, variation selectors.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;
// Controls that must not be stored in a subject (zero-width joiners stay: emoji sequences use them).
// eslint-disable-next-line no-control-regex
const SUBJECT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function checkSubject(subject: string, max: number): string {
  const s = subject.replace(SUBJECT_CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (!s) throw new ValidationError(msg('cmd.subject.empty'), { hint: msg('cmd.subject.empty.hint') });
  if (!s.replace(INVISIBLE, '').trim()) {
    throw new ValidationError(msg('cmd.subject.invisible'), { hint: msg('cmd.subject.invisible.hint') });
  }
  if (s.length > max) {
    throw new ValidationError(msg('cmd.subject.tooLong', { length: s.length, max }), {
      hint: msg('cmd.subject.tooLong.hint'),
      data: { length: s.length, limit: max },
    });
  }
  return s;
}

/** A ticket body: not empty or blank, text rather than binary (no NUL bytes). */
export function checkBody(body: string): string {
  if (!body.replace(INVISIBLE, '').trim()) {
    throw new ValidationError(msg('cmd.body.empty'), { hint: msg('cmd.body.empty.hint') });
  }
  if (body.includes('\u0000')) {
    throw new ValidationError(msg('cmd.body.binary'), { hint: msg('cmd.body.binary.hint') });
  }
  return body;
}

/** --tag values: one word each (letters, digits, - _ . : /), at most 100 characters. */
export function parseTags(items: string[] | undefined, flag = '--tag'): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    const t = raw.trim();
    if (!t) throw new UsageError(msg('cmd.opt.empty', { flag }), { hint: msg('cmd.tag.empty.hint', { flag }) });
    if (/\s/.test(t)) {
      throw new UsageError(msg('cmd.tag.spaces', { flag, tag: t }), { hint: msg('cmd.tag.spaces.hint', { flag, example: `${flag} ${t.split(/\s+/).join(` ${flag} `)}` }) });
    }
    if (!/^[\p{L}\p{N}_.:/-]{1,100}$/u.test(t)) {
      throw new UsageError(msg('cmd.tag.invalid', { flag, tag: t }), { hint: msg('cmd.tag.invalid.hint') });
    }
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/** A non-empty single-line key (--dedupe-key, --fingerprint), at most 200 characters. */
export function parseKey(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!v || !v.replace(INVISIBLE, '')) throw new UsageError(msg('cmd.opt.empty', { flag }), { hint: msg('cmd.key.empty.hint', { flag }) });
  if (v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) throw new UsageError(msg('cmd.key.tooLong', { flag }));
  return v;
}

/** A whole number flag within [min, max] ("--log-lines 1e99" is refused, naming the range). */
export function parseCount(value: string, flag: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(msg('cmd.opt.countRange', { flag, min, max, value }));
  }
  return n;
}
