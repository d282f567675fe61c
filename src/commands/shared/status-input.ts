import type { Backend } from '../../backends/backend.js';
import type { Status, StatusDef } from '../../model.js';
import { STATUSES } from '../../model.js';
import { UsageError } from '../../errors.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { findStatusDef } from '../../forms/statuses.js';
import { closest } from '../../util/text.js';
import { parseStatus } from './options.js';

// `--status` takes a normalized status (new, open, pending, on-hold, solved, closed and their
// aliases) or, when the backend has a status vocabulary (a forms file's `statuses:`), one of its
// statuses by name or label in any language, without regard to case, accents or diacritics. The
// vocabulary is only read when the word is not a normalized status, so the usual path costs nothing.

export type Vocabulary = () => Promise<StatusDef[] | null>;

/** The backend's vocabulary, read once. */
export function vocabularyOf(backend: () => Promise<Backend>): Vocabulary {
  let p: Promise<StatusDef[] | null> | undefined;
  return () => (p ??= backend().then((b) => (b.statusVocabulary ? b.statusVocabulary() : null)));
}

export interface StatusChoice {
  status: Status;
  /** The vocabulary's status, when a label was given. */
  backendStatus?: string;
}

/** One `--status` value: a normalized status, else a status of the vocabulary (exit 2 listing it). */
export async function resolveStatus(raw: string, flag: string | Msg, vocab: Vocabulary): Promise<StatusChoice> {
  let plain: Status;
  try {
    plain = parseStatus(raw, flag);
  } catch (e) {
    const v = await vocab();
    if (!v) throw e;
    const def = findStatusDef(v, raw);
    if (def) return { status: def.status, backendStatus: def.name };
    const guess = closest(raw, [...v.map((d) => d.name), ...STATUSES]);
    throw new UsageError(guess ? msg('vocab.unknown.guess', { flag, value: raw, guess }) : msg('vocab.unknown', { flag, value: raw }), {
      hint: msg('vocab.unknown.hint', { labels: v.map((d) => d.name).join(', '), statuses: STATUSES.map((s) => `\`${s}\``).join(', ') }),
      data: { status: raw, valid: v.map((d) => ({ name: d.name, status: d.status })) },
    });
  }
  return { status: plain };
}

/** A `--status a,b` filter: normalized statuses, and the vocabulary's statuses by name. */
export async function resolveStatusFilter(raw: string, flag: string | Msg, vocab: Vocabulary): Promise<{ status?: Status[]; backendStatus?: string[] }> {
  const status: Status[] = [];
  const named: string[] = [];
  for (const item of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
    const c = await resolveStatus(item, flag, vocab);
    if (c.backendStatus !== undefined) named.push(c.backendStatus);
    else status.push(c.status);
  }
  return named.length ? { status, backendStatus: named } : { status };
}
