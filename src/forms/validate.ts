import type { Category, Field, FieldTranslations, FieldValue, TicketType } from '../model.js';
import { isTicketType } from '../model.js';
import { ConfigError, ValidationError } from '../errors.js';
import type { RE2JS } from 're2js';
import { createRequire } from 'node:module';

// Loaded on first use (synchronously: validation is synchronous), so commands without a field
// pattern never pay for it.
let re2: typeof RE2JS | undefined;
const loadRe2 = (): typeof RE2JS => (re2 ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS);
import { closest } from '../util/text.js';
import { fold } from '../i18n/fold.js';
import { localText, msg, type LocalText, type Msg } from '../i18n/msg.js';
import { english } from '../i18n/english.js';
import { fieldTr, hintText, labelText, optionText, spellings } from './localize.js';

// One schema drives prompts, --field flags and validation: every value is checked here before
// anything is sent, with a message that says what to do (a catalogue message: the user's language
// on a terminal, English in JSON). Labels and options are matched in every language of the forms.

/** Find a field by key or label (in any language), case- and accent-insensitive. */
export function findField(category: Category, keyOrLabel: string): Field | undefined {
  const k = fold(keyOrLabel);
  return (
    category.fields.find((f) => fold(f.key) === k) ??
    category.fields.find((f) => spellings(f.label, fieldTr(category, f.key).label).includes(k))
  );
}

export function resolveField(category: Category, keyOrLabel: string): Field {
  const f = findField(category, keyOrLabel);
  if (f) return f;
  const names = category.fields.map((x) => x.key);
  const guess = closest(keyOrLabel, [...names, ...category.fields.map((x) => x.label)]);
  const guessKey = guess ? (findField(category, guess)?.key ?? guess) : null;
  const id = category.id;
  const list = category.fields.map((x) => `${x.key} (${x.label})`).join(', ');
  throw new ValidationError(
    guessKey ? msg('form.field.unknown.guess', { field: keyOrLabel, id, guess: guessKey }) : msg('form.field.unknown', { field: keyOrLabel, id }),
    {
      hint: names.length ? msg('form.field.unknown.hint', { list, id }) : msg('form.field.none', { id }),
      data: { field: keyOrLabel, valid: names, suggestion: guessKey },
    },
  );
}

/**
 * Field patterns come from a forms file or an RT custom field, i.e. from someone else: a pattern like
 * `^(a+)+$` takes exponential time in a backtracking engine. They run on RE2 (re2js: linear time
 * in the length of the value); a pattern RE2 cannot run (back-references, look-arounds) cannot be
 * bounded and is a configuration error naming the field.
 */
const compiled = new Map<string, RE2JS>();
export function fieldPattern(field: Pick<Field, 'key' | 'label' | 'pattern'>): RE2JS | null {
  if (!field.pattern) return null;
  let re = compiled.get(field.pattern);
  if (!re) {
    try {
      re = loadRe2().compile(field.pattern);
    } catch (e) {
      const reason = (e as Error).message.replace(/^error parsing regexp: /, '');
      throw new ConfigError(msg('form.pattern.unbounded', { key: field.key, label: field.label, reason }), {
        hint: msg('form.pattern.unbounded.hint'),
        data: { field: field.key, pattern: field.pattern },
      });
    }
    compiled.set(field.pattern, re);
  }
  return re;
}

/** Does `text` match the field's pattern (unanchored, like JavaScript's test() and Perl's =~)? */
export function matchesPattern(field: Pick<Field, 'key' | 'label' | 'pattern'>, text: string): boolean {
  const re = fieldPattern(field);
  return re ? re.matcher(text).find() : true;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'oui', 'o', 'da', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'non', 'nu', '']);

/** Options valid for a field given the other answers (dependent selects). */
export function optionsFor(field: Field, values: Record<string, FieldValue>): string[] | null {
  if (field.optionsByParent && field.dependsOn) {
    const parent = hasOwn(values, field.dependsOn.field) ? values[field.dependsOn.field] : undefined;
    if (typeof parent === 'string' && hasOwn(field.optionsByParent, parent)) return field.optionsByParent[parent];
  }
  return field.options;
}

/** The option `raw` names: the value itself, or its label in any language, folded. */
function matchOption(options: string[], raw: string, tr: FieldTranslations = {}): string | undefined {
  const exact = options.find((o) => o === raw);
  if (exact !== undefined) return exact;
  const f = fold(raw);
  return options.find((o) => fold(o) === f) ?? options.find((o) => spellings(o, tr.options?.[o]).includes(f));
}

type Word = string | LocalText;

/** "a or b or c", said in the user's language. */
function orList(items: Word[]): Word | Msg {
  if (items.length <= 1) return items[0] ?? '';
  return msg('form.or', { a: items[0], b: orList(items.slice(1)) });
}

/** "a, b, c": the options as shown in each language the field's translations give (flat, for long lists). */
function optionsText(opts: string[], tr: FieldTranslations): LocalText {
  const langs = new Set(Object.values(tr.options ?? {}).flatMap((by) => Object.keys(by ?? {})));
  const by = Object.fromEntries([...langs].map((l) => [l, opts.map((o) => tr.options?.[o]?.[l] ?? o).join(', ')]));
  return localText(opts.join(', '), by);
}

/** Several problems as one message ("3 problems:\n  - …"). */
export function problemsMsg(problems: Msg[]): Msg {
  if (problems.length === 1) return problems[0];
  const chain = (i: number): Msg => msg('form.problems.item', { problem: problems[i], more: i + 1 < problems.length ? chain(i + 1) : '' });
  return msg('form.problems', { count: problems.length, list: chain(0) });
}

const digitsHint = (field: Field): Msg | undefined => {
  const digits = field.pattern ? /^\^\[0-9\]\{(\d+),(\d+)\}\$$/.exec(field.pattern) : null;
  return digits ? msg('form.format.digits', { min: digits[1], max: digits[2] }) : undefined;
};

/**
 * Check one answer and return its normalized value, or a message that says what is wrong.
 * `raw` is what the user typed (or the flag value); multiselect takes comma-separated values.
 * `tr`: the field's translations (its category's), so labels and options read in every language.
 */
export function checkValue(
  field: Field,
  raw: string | string[] | boolean | number,
  values: Record<string, FieldValue> = {},
  tr: FieldTranslations = {},
): { ok: true; value: FieldValue | undefined } | { ok: false; message: Msg } {
  const label = labelText(field, tr);
  const bad = (message: Msg) => ({ ok: false as const, message });
  const required = msg('form.required', { label });
  if (typeof raw === 'string' && raw.trim() === '' && field.type !== 'checkbox') {
    return field.required ? bad(required) : { ok: true, value: undefined };
  }
  const shown = (o: string[]) => optionsText(o, tr);
  switch (field.type) {
    case 'checkbox': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const v = fold(String(raw));
      if (TRUE.has(v)) return { ok: true, value: true };
      if (FALSE.has(v)) return field.required && v === '' ? bad(required) : { ok: true, value: false };
      return bad(msg('form.checkbox', { label, value: String(raw) }));
    }
    case 'number': {
      const v = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
      if (!Number.isFinite(v)) return bad(msg('form.number', { label, value: String(raw) }));
      return { ok: true, value: v };
    }
    case 'date': {
      const v = String(raw).trim();
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        return bad(msg('form.date', { label, value: String(raw) }));
      }
      return { ok: true, value: v };
    }
    case 'select': {
      const opts = optionsFor(field, values) ?? [];
      const v = matchOption(opts, String(raw).trim(), tr);
      if (v === undefined) {
        const guess = closest(String(raw), opts);
        const vars = { label, value: String(raw), options: shown(opts) };
        return bad(guess ? msg('form.option.guess', { ...vars, guess: optionText(guess, tr) }) : msg('form.option', vars));
      }
      return { ok: true, value: v };
    }
    case 'multiselect': {
      const opts = optionsFor(field, values) ?? [];
      const items = Array.isArray(raw)
        ? raw
        : String(raw)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
      const out: string[] = [];
      for (const item of items) {
        const v = matchOption(opts, item, tr);
        if (v === undefined) return bad(msg('form.option', { label, value: item, options: shown(opts) }));
        if (!out.includes(v)) out.push(v);
      }
      if (field.required && out.length === 0) return bad(required);
      return { ok: true, value: out };
    }
    default: {
      const v = String(raw);
      const text = field.type === 'text' ? v.trim() : v;
      if (field.maxLength !== null && text.length > field.maxLength) {
        return bad(msg('form.tooLong', { label, length: text.length, max: field.maxLength }));
      }
      if (field.pattern && !matchesPattern(field, text)) {
        // " (4 to 10 digits)": the field's hint, else (outside English) what a digits pattern means.
        const given = hintText(field, tr);
        const by = Object.fromEntries(Object.entries(given?.by ?? {}).map(([l, h]) => [l, ` (${h})`]));
        const hint = localText(given?.text ? ` (${given.text})` : '', by, digitsHint(field));
        return bad(msg('form.format', { label, value: text, hint }));
      }
      return { ok: true, value: text };
    }
  }
}

/**
 * The pseudo-field a condition names to depend on the ticket type: `dependsOn: {field: type, values:
 * [incident]}` (CoreView: choosing "Issue" reveals more fields). A category with a real field keyed
 * `type` keeps it as a field.
 */
export const TYPE_FIELD = 'type';

const TYPE_ALIASES: Record<string, TicketType> = { problem: 'incident', issue: 'incident', feature_proposal: 'feature', 'feature-proposal': 'feature' };

/** A ticket type named in a forms file or by a backend (incident, Issue, problem, feature_proposal...), or null. */
export function typeValue(s: string): TicketType | null {
  const v = fold(s.trim()).replace(/\s+/g, '_');
  const t = TYPE_ALIASES[v] ?? v;
  return isTicketType(t) ? t : null;
}

/** Does this field's condition name the ticket type (and not a real field of the category)? */
export function dependsOnType(field: Field, category?: Category): boolean {
  return field.dependsOn?.field === TYPE_FIELD && !(category?.fields.some((f) => f.key === TYPE_FIELD) ?? false);
}

/** Is this field shown, given the other answers (and the ticket type, for type conditions)? */
export function isVisible(field: Field, values: Record<string, FieldValue>, type?: TicketType | null): boolean {
  const dep = field.dependsOn;
  if (!dep) return true;
  // A dependent select (options per parent value) is always shown once its parent has a value.
  let v = hasOwn(values, dep.field) ? values[dep.field] : undefined;
  if (v === undefined && dep.field === TYPE_FIELD && type) v = type;
  if (field.optionsByParent) return v !== undefined;
  if (v === undefined) return false;
  const vals = Array.isArray(v) ? v : [String(v)];
  const wanted = dep.values.map(fold);
  return vals.some((x) => wanted.includes(fold(String(x))));
}

/**
 * Validate `--field` pairs (already split) against a category: unknown keys, bad values, missing
 * required fields. Returns the normalized values keyed by field key.
 */
export function validateFields(category: Category, pairs: [string, string][], type?: TicketType | null): Record<string, FieldValue> {
  // Prototype-less maps: a field keyed `constructor` or `__proto__` is a field like any other.
  const raw = new Map<string, string>();
  for (const [k, v] of pairs) {
    const f = resolveField(category, k);
    raw.set(f.key, v);
  }
  const values: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  const problems: Msg[] = [];
  // Parents before children: fields are declared in order, conditions point backwards.
  for (const f of category.fields) {
    if (!raw.has(f.key)) continue;
    const r = checkValue(f, raw.get(f.key)!, values, fieldTr(category, f.key));
    if (r.ok) {
      if (r.value !== undefined) values[f.key] = r.value;
    } else problems.push(r.message);
  }
  // A field given for a ticket type that hides it is refused (it would be dropped or stored where
  // the portal never shows it): the message names the types it belongs to.
  for (const f of category.fields) {
    if (!raw.has(f.key) || !dependsOnType(f, category) || isVisible(f, values, type)) continue;
    const types = f.dependsOn!.values;
    throw new ValidationError(msg('req.type.hidden', { label: labelText(f, fieldTr(category, f.key)), types: types.join(', ') }), {
      hint: msg('req.type.hidden.hint', { first: types[0] ?? 'incident', key: f.key }),
      data: { field: f.key, types, type: type ?? null },
    });
  }
  for (const f of category.fields) {
    if (f.required && isVisible(f, values, type) && !hasOwn(values, f.key) && !raw.has(f.key)) {
      const tr = fieldTr(category, f.key);
      const label = labelText(f, tr);
      problems.push(
        f.options
          ? msg('form.missing.options', { label, key: f.key, options: optionsText(optionsFor(f, values) ?? [], tr) })
          : msg('form.missing', { label, key: f.key }),
      );
    }
  }
  for (const key of Object.keys(values)) {
    const f = category.fields.find((x) => x.key === key)!;
    if (!isVisible(f, values, type)) {
      const parentTr = fieldTr(category, f.dependsOn!.field);
      problems.push(
        msg('form.onlyWhen', {
          label: labelText(f, fieldTr(category, f.key)),
          parent: f.dependsOn!.field,
          values: orList(f.dependsOn!.values.map((v) => optionText(v, parentTr))),
        }),
      );
    }
  }
  if (problems.length) {
    throw new ValidationError(problemsMsg(problems), {
      hint: msg('form.fields.hint', { id: category.id }),
      data: { problems: problems.map((p) => english(p)) },
    });
  }
  // A plain object again for callers (JSON, spreads), built key by key so no key reaches a prototype.
  const out: Record<string, FieldValue> = {};
  for (const k of Object.keys(values)) Object.defineProperty(out, k, { value: values[k], enumerable: true, writable: true, configurable: true });
  return out;
}

/** The category named by its id or its name, in any language (case and accents do not count). */
export function resolveCategory(categories: Category[], idOrName: string): Category {
  const f = fold(idOrName);
  const c =
    categories.find((x) => fold(x.id) === f) ??
    categories.find((x) => fold(x.name) === f) ??
    categories.find((x) => spellings(x.name, x.translations?.name).includes(f));
  if (c) return c;
  const guess = closest(idOrName, categories.map((x) => x.id));
  const list = categories.map((x) => x.id).join(', ');
  throw new ValidationError(
    guess ? msg('form.category.unknown.guess', { category: idOrName, guess }) : msg('form.category.unknown', { category: idOrName }),
    { hint: msg('form.category.unknown.hint', { list }), data: { valid: categories.map((x) => x.id), suggestion: guess } },
  );
}
