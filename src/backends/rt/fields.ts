// Queue custom fields → Field (patterns converted by pattern.ts), and the check of values before
// they are sent: RT drops a value that fails its pattern and still saves the ticket.
import { matchesPattern } from '../../forms/validate.js';
import type { Category, Field, FieldValue, TicketType } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { english } from '../../i18n/english.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import type { RtApi } from './api.js';
import { DEDUPE_CF, IDEM_CF, NOT_FIELDS, TYPE_CF, idOf, typeFromRt } from './mapping.js';
import { convertPerlPattern } from './pattern.js';
import type { RtCustomField } from './types.js';

const GENERIC_HINTS = new Set([
  'Enter one value',
  'Enter multiple values',
  'Select one value',
  'Select multiple values',
  'Fill in one text area',
  'Fill in multiple text areas',
  'Fill in one wikitext area',
  'Fill in multiple wikitext areas',
  'Select date',
  'Select datetime',
  'Enter up to 1 values',
]);

export function fieldType(cf: RtCustomField): Field['type'] | null {
  const multi = Number(cf.MaxValues ?? 1) !== 1;
  switch (cf.Type) {
    case 'Select':
      return multi ? 'multiselect' : 'select';
    case 'Freeform':
    case 'Combobox':
    case 'Autocomplete':
    case 'IPAddress':
    case 'IPAddressRange':
    case 'DateTime':
      return 'text';
    case 'Text':
    case 'Wikitext':
    case 'HTML':
      return 'textarea';
    case 'Date':
      return 'date';
    default:
      return null; // Image, Binary: not settable from the command line
  }
}

export interface QueueFields {
  fields: Field[];
  /** The queue has the DedupeKey / IdempotencyKey fields. */
  dedupe: boolean;
  idem: boolean;
  /** The values of the queue's TicketType field that are ticket types; null without the field. */
  types: TicketType[] | null;
}

/** The settable ticket custom fields of a queue, parents before their dependants. */
export async function fieldsOf(api: RtApi, queueId: string, queueName: string): Promise<QueueFields> {
  const cfs = await api.collect<RtCustomField>(
    `queue/${queueId}/customfields`,
    { fields: 'Name,Type,MaxValues,Pattern,EntryHint,Description,Disabled,BasedOn,LookupType' },
    0,
    msg('err.what.readQueueFields', { queue: queueName }),
  );
  const live = cfs.filter((c) => String(c.Disabled ?? '0') === '0' && (!c.LookupType || c.LookupType === 'RT::Queue-RT::Ticket'));
  const dedupe = live.some((c) => c.Name === DEDUPE_CF);
  const idem = live.some((c) => c.Name === IDEM_CF);
  const typeCf = live.find((c) => c.Name === TYPE_CF && c.Type === 'Select');
  const usable = live.filter((c) => !NOT_FIELDS.has(c.Name) && fieldType(c) !== null);
  // Select values (not in the collection), then the values per parent value of BasedOn fields.
  const values = new Map<string, string[]>();
  await Promise.all(
    [...usable, ...(typeCf ? [typeCf] : [])]
      .filter((c) => c.Type === 'Select' || c.Type === 'Combobox' || c.Type === 'Autocomplete')
      .map(async (c) => {
        const full = await api.json<RtCustomField>({ method: 'GET', path: `customfield/${c.id}` }, msg('err.what.readField', { name: c.Name }));
        values.set(String(c.id), Array.isArray(full.Values) ? full.Values : []);
      }),
  );
  const byId = new Map(usable.map((c) => [String(c.id), c]));
  const fields: Field[] = [];
  const children: Promise<void>[] = [];
  for (const c of usable) {
    const type = fieldType(c)!;
    const conv = convertPerlPattern(c.Pattern);
    const isSelect = type === 'select' || type === 'multiselect';
    const hint =
      conv.comment && !/^mandatory$/i.test(conv.comment)
        ? conv.comment.replace(/^mandatory\s*/i, '')
        : c.EntryHint && !GENERIC_HINTS.has(c.EntryHint)
          ? c.EntryHint
          : c.Description || null;
    const f: Field = {
      key: c.Name,
      label: c.Name,
      type,
      required: conv.required,
      options: isSelect ? (values.get(String(c.id)) ?? []) : null,
      pattern: isSelect ? null : conv.source,
      maxLength: null,
      dependsOn: null,
      hint,
    };
    const parentId = c.BasedOn && typeof c.BasedOn === 'object' ? idOf(c.BasedOn) : '';
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent && isSelect) {
      const parentValues = values.get(parentId) ?? [];
      f.dependsOn = { field: parent.Name, values: parentValues };
      const map: Record<string, string[]> = {};
      f.optionsByParent = map;
      children.push(
        Promise.all(
          parentValues.map(async (pv) => {
            const r = await api.json<RtCustomField>(
              { method: 'GET', path: `customfield/${c.id}`, query: { category: pv } },
              msg('err.what.readField', { name: c.Name }),
            );
            map[pv] = Array.isArray(r.Values) ? r.Values : [];
          }),
        ).then(() => undefined),
      );
    }
    fields.push(f);
  }
  await Promise.all(children);
  // Parents before children (validation walks the fields in order).
  const ordered: Field[] = [];
  const visit = (f: Field, depth = 0) => {
    if (ordered.includes(f) || depth > 20) return;
    if (f.dependsOn) {
      const parent = fields.find((x) => x.key === f.dependsOn!.field);
      if (parent) visit(parent, depth + 1);
    }
    ordered.push(f);
  };
  fields.forEach((f) => visit(f));
  const types = typeCf
    ? [...new Set((values.get(String(typeCf.id)) ?? []).map(typeFromRt).filter((t): t is TicketType => t !== null))]
    : null;
  return { fields: ordered, dedupe, idem, types };
}

/** RT drops values that fail a pattern and creates the ticket anyway: refuse them here. */
export function checkFields(cat: Category, values: Record<string, FieldValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const problems: Msg[] = [];
  for (const [k, v] of Object.entries(values)) {
    const f = cat.fields.find((x) => x.key === k) ?? cat.fields.find((x) => fold(x.key) === fold(k));
    if (!f) {
      problems.push(msg('err.rt.unknownField', { key: k, category: cat.id }));
      continue;
    }
    const vals = Array.isArray(v) ? v.map(String) : [typeof v === 'boolean' ? (v ? '1' : '0') : String(v)];
    if (f.pattern) {
      // Linear time (RE2): an RT admin's pattern cannot hang the command.
      for (const x of vals) if (!matchesPattern(f, x)) problems.push(msg('err.rt.wrongFormat', { label: f.label, value: x, hint: f.hint ? ` (${f.hint})` : '' }));
    }
    out[f.key] = f.type === 'multiselect' ? vals : vals[0];
  }
  if (problems.length) {
    const list = problems.reduce<string | Msg>((a, b) => (a === '' ? b : msg('err.list.bullet', { a, b })), '');
    throw new ValidationError(problems.length === 1 ? problems[0]! : msg('err.rt.problems', { n: problems.length, list }), {
      hint: msg('err.rt.fields.hint', { category: cat.id }),
      data: { problems: problems.map(english) },
    });
  }
  return out;
}
