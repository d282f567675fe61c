import { STATUSES, isStatus, type Status, type StatusDef, type Ticket } from '../model.js';
import { fold } from '../util/text.js';
import { ValidationError } from '../errors.js';
import { msg, type Msg } from '../i18n/msg.js';

// A portal's own status vocabulary (the `statuses:` list of a forms file, docs/forms.md "Statuses"):
// each status has the portal's word for it (stored, shown as backendStatus), the normalized status it
// means, and per-language labels. Input is matched without regard to case, accents or diacritics.

export const STATUS_LANGS = ['en', 'fr', 'ro'] as const;
const STATUS_KEYS = new Set(['name', 'status', 'labels', 'default']);

type Obj = Record<string, unknown>;
type Fail = (where: string, problem: Msg) => never;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Case, accents, diacritics and runs of spaces do not count. */
export const foldLabel = (s: string): string => fold(s).replace(/\s+/g, ' ');

/** Check the `statuses:` list of a parsed forms document; null when the file declares none. */
export function parseStatuses(raw: unknown, fail: Fail): StatusDef[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length === 0) fail('statuses', msg('vocab.forms.list'));
  const out: StatusDef[] = [];
  const seen = new Map<string, string>();
  (raw as unknown[]).forEach((s, i) => {
    const at = `statuses[${i}]`;
    if (!isObj(s)) fail(at, msg('vocab.forms.entry'));
    const o = s as Obj;
    for (const k of Object.keys(o)) if (!STATUS_KEYS.has(k)) fail(`${at}.${k}`, msg('vocab.forms.unknownKey', { valid: [...STATUS_KEYS].join(', ') }));
    if (typeof o.name !== 'string' || !o.name.trim()) fail(`${at}.name`, msg('vocab.forms.name'));
    const name = (o.name as string).trim().replace(/\s+/g, ' ');
    if (typeof o.status !== 'string' || !isStatus(o.status)) fail(`${at}.status`, msg('vocab.forms.status', { statuses: STATUSES.map((x) => `\`${x}\``).join(', ') }));
    const status = o.status as Status;
    if (out.some((x) => foldLabel(x.name) === foldLabel(name))) fail(`${at}.name`, msg('vocab.forms.twice', { name }));
    const labels: Record<string, string> = {};
    if (o.labels !== undefined && o.labels !== null) {
      if (!isObj(o.labels)) fail(`${at}.labels`, msg('vocab.forms.labels'));
      for (const [lang, label] of Object.entries(o.labels as Obj)) {
        if (!(STATUS_LANGS as readonly string[]).includes(lang)) fail(`${at}.labels.${lang}`, msg('vocab.forms.lang', { langs: STATUS_LANGS.join(', ') }));
        if (typeof label !== 'string' || !label.trim()) fail(`${at}.labels.${lang}`, msg('vocab.forms.label'));
        labels[lang] = (label as string).trim();
      }
    }
    if (o.default !== undefined && typeof o.default !== 'boolean') fail(`${at}.default`, msg('vocab.forms.bool'));
    // Every word that names this status (its name, its labels) names no other one: input must resolve to one status.
    for (const word of new Set([name, ...Object.values(labels)].map(foldLabel))) {
      const other = seen.get(word);
      if (other !== undefined && other !== name) fail(at, msg('vocab.forms.taken', { word, other }));
      if (isStatus(word) && word !== status) fail(at, msg('vocab.forms.normalized', { word, status }));
      seen.set(word, name);
    }
    if (o.default === true && out.some((x) => x.status === status && x.default)) fail(`${at}.default`, msg('vocab.forms.defaultTwice', { status }));
    out.push({ name, status, labels, default: o.default === true });
  });
  return out;
}

/** The status of the vocabulary this input names (its name or a label in any language), if any. */
export function findStatusDef(vocab: readonly StatusDef[], input: string): StatusDef | undefined {
  const k = foldLabel(input);
  return vocab.find((d) => foldLabel(d.name) === k) ?? vocab.find((d) => Object.values(d.labels).some((l) => foldLabel(l) === k));
}

/** The entry a normalized status becomes: the one marked default, else the first that maps to it. */
export function defaultStatusDef(vocab: readonly StatusDef[], status: Status): StatusDef | undefined {
  return vocab.find((d) => d.status === status && d.default) ?? vocab.find((d) => d.status === status);
}

/** What to call a status of the vocabulary in a language: its label there, else its name. */
export function statusDefLabel(d: StatusDef, lang: string): string {
  return d.labels[lang] ?? d.name;
}

/** The vocabulary entry a ticket is in (by its backendStatus), if the vocabulary has it. */
export function ticketStatusDef(vocab: readonly StatusDef[] | null | undefined, t: Pick<Ticket, 'backendStatus'>): StatusDef | undefined {
  if (!vocab || !t.backendStatus) return undefined;
  const k = foldLabel(t.backendStatus);
  return vocab.find((d) => foldLabel(d.name) === k);
}

/** What a ticket in this normalized status is called: the vocabulary's default for it, else the status itself. */
export function statusName(vocab: StatusDef[] | null, status: Status): string {
  return (vocab && defaultStatusDef(vocab, status)?.name) || status;
}

/** The vocabulary entry a write names; refused when there is none, or it means another status. */
export function vocabEntry(vocab: StatusDef[] | null, name: string, status: Status | undefined): StatusDef {
  const def = vocab ? findStatusDef(vocab, name) : undefined;
  if (def && (status === undefined || def.status === status)) return def;
  throw new ValidationError(msg('vocab.local.unknown', { name }), {
    hint: msg('vocab.notWritable.hint', { statuses: vocab ? vocab.map((d) => `${d.name} (${d.status})`).join(', ') : STATUSES.join(', ') }),
    data: { backendStatus: name },
  });
}
