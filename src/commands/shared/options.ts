import { readFile, stat, open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Context } from '../../context/index.js';
import { UsageError, ValidationError } from '../../errors.js';
import { readAll } from '../../io/streams.js';
import type { AttachmentInput, ListFilter, Priority, Status, TicketType } from '../../model.js';
import { PRIORITIES, STATUSES, TICKET_TYPES, isPriority, isStatus, isTicketType } from '../../model.js';
import { closest, isEmail } from '../../util/text.js';

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseStatus(s: string, flag = '--status'): Status {
  const v = s.trim().toLowerCase().replace(/[_ ]/g, '-');
  const alias: Record<string, Status> = { hold: 'on-hold', onhold: 'on-hold', resolved: 'solved', stalled: 'on-hold' };
  const st = alias[v] ?? v;
  if (isStatus(st)) return st;
  const guess = closest(s, [...STATUSES]);
  throw new UsageError(`${flag}: unknown status "${s}".` + (guess ? ` Did you mean "${guess}"?` : ''), {
    hint: `Use one of: ${STATUSES.join(', ')}.`,
  });
}

export function parseStatuses(s: string): Status[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => parseStatus(x));
}

export function parsePriority(s: string): Priority {
  const v = s.trim().toLowerCase();
  if (isPriority(v)) return v;
  throw new UsageError(`--priority: unknown priority "${s}".`, { hint: `Use one of: ${PRIORITIES.join(', ')}.` });
}

export function parseType(s: string): TicketType {
  const v = s.trim().toLowerCase();
  const alias: Record<string, TicketType> = { feature_proposal: 'feature', 'feature-proposal': 'feature', problem: 'incident' };
  const t = alias[v] ?? v;
  if (isTicketType(t)) return t;
  throw new UsageError(`--type: unknown type "${s}".`, { hint: `Use one of: ${TICKET_TYPES.join(', ')}.` });
}

/** --field KEY=VALUE pairs. */
export function parseFieldPairs(items: string[] | undefined): [string, string][] {
  return (items ?? []).map((item) => {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--field expects KEY=VALUE (got "${item}").`, { hint: 'Example: --field site=Paris' });
    return [item.slice(0, i).trim(), item.slice(i + 1)] as [string, string];
  });
}

export function parseCc(items: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    for (const e of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
      if (!isEmail(e)) {
        throw new ValidationError(`--cc: "${e}" is not a valid e-mail address.`, { hint: 'Example: --cc jane@example.com' });
      }
      if (!out.includes(e.toLowerCase())) out.push(e.toLowerCase());
    }
  }
  return out;
}

export function parseLimit(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--limit expects a whole number ≥ 0 (got "${s}").`, { hint: '0 means all.' });
  return n;
}

/** --since 7d | 12h | 2w | 2026-11-01 → ISO date-time. */
export function parseSince(s: string, now: Date): string {
  const m = /^(\d+)\s*([mhdw])$/.exec(s.trim());
  if (m) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(m[1]) * unit).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(s.trim())) {
    const d = new Date(s.trim().length === 10 ? `${s.trim()}T00:00:00Z` : s.trim());
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  throw new UsageError(`--since: cannot read "${s}".`, { hint: 'Use a duration like 7d, 12h, 2w, or a date like 2026-11-01.' });
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
    throw new UsageError(`--sort: unknown order "${sort}".`, { hint: 'Use created or updated.' });
  }
  return {
    status: flags.status ? parseStatuses(flags.status) : undefined,
    category: flags.category,
    requester: flags.requester,
    mine: flags.mine,
    since: flags.since ? parseSince(flags.since, now) : undefined,
    search: flags.search,
    limit: flags.limit !== undefined ? parseLimit(flags.limit) : defaultLimit,
    sort,
    query: flags.query,
  };
}

/** Body from --body, --body-file FILE, or --body-file - (stdin). Undefined when none was given. */
export async function readBody(ctx: Context, flags: { body?: string; bodyFile?: string }): Promise<string | undefined> {
  if (flags.body !== undefined && flags.bodyFile !== undefined) {
    throw new UsageError('Use either --body or --body-file, not both.');
  }
  if (flags.body !== undefined) return flags.body;
  if (flags.bodyFile === undefined) return undefined;
  if (flags.bodyFile === '-') return readAll(ctx.io.stdin);
  try {
    return await readFile(flags.bodyFile, 'utf8');
  } catch (e) {
    throw new ValidationError(`--body-file: cannot read ${flags.bodyFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, {
      hint: 'Give the path of a readable text file, or - for standard input.',
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
      throw new ValidationError(`--attach: ${p} does not exist.`, { hint: 'Check the path (relative paths are from the current directory).' });
    }
    if (st.isDirectory()) throw new ValidationError(`--attach: ${p} is a directory.`, { hint: 'Attach files one by one, or zip the directory first.' });
    if (!st.isFile()) throw new ValidationError(`--attach: ${p} is not a regular file.`);
    try {
      const fh = await open(p, 'r');
      await fh.close();
    } catch {
      throw new ValidationError(`--attach: ${p} is not readable.`, { hint: 'Check its permissions.' });
    }
    if (st.size > maxBytes) {
      throw new ValidationError(`--attach: ${p} is ${human(st.size)}; the backend accepts at most ${human(maxBytes)} per file.`, {
        hint: 'Compress it, or attach an excerpt.',
      });
    }
    out.push({ path: p, name: basename(p), size: st.size, contentType: contentTypeFor(p) });
  }
  return out;
}

export function checkSubject(subject: string, max: number): string {
  const s = subject.replace(/\s+/g, ' ').trim();
  if (!s) throw new ValidationError('The subject is empty.', { hint: 'Give a short summary with --subject.' });
  if (s.length > max) {
    throw new ValidationError(`The subject is ${s.length} characters long; the limit is ${max}.`, {
      hint: "Keep the subject short and put the details in the body: don't put the whole problem in the title.",
      data: { length: s.length, limit: max },
    });
  }
  return s;
}
