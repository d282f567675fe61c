import type { Category, Field, FieldValue, TicketType } from '../model.js';
import { isTicketType } from '../model.js';
import { ConfigError, ValidationError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import type { RE2JS } from 're2js';
import { createRequire } from 'node:module';

// Loaded on first use (synchronously: validation is synchronous), so commands without a field
// pattern never pay for it.
let re2: typeof RE2JS | undefined;
const loadRe2 = (): typeof RE2JS => (re2 ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS);
import { closest, fold } from '../util/text.js';

// One schema drives prompts, --field flags and validation: every value is checked here before
// anything is sent, with a message that says what to do.

/** Find a field by key or label, case- and accent-insensitive. */
export function findField(category: Category, keyOrLabel: string): Field | undefined {
  const k = fold(keyOrLabel);
  return category.fields.find((f) => fold(f.key) === k) ?? category.fields.find((f) => fold(f.label) === k);
}

export function resolveField(category: Category, keyOrLabel: string): Field {
  const f = findField(category, keyOrLabel);
  if (f) return f;
  const names = category.fields.map((x) => x.key);
  const guess = closest(keyOrLabel, [...names, ...category.fields.map((x) => x.label)]);
  const guessKey = guess ? (findField(category, guess)?.key ?? guess) : null;
  throw new ValidationError(
    `Unknown field "${keyOrLabel}" for category ${category.id}.` + (guessKey ? ` Did you mean "${guessKey}"?` : ''),
    {
      hint: names.length
        ? `Valid fields: ${category.fields.map((x) => `${x.key} (${x.label})`).join(', ')}. See \`ticket categories ${category.id}\`.`
        : `Category ${category.id} has no fields.`,
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
      throw new ConfigError(
        `The pattern of field "${field.key}" (${field.label}) cannot be checked in bounded time: ${(e as Error).message.replace(/^error parsing regexp: /, '')}.`,
        {
          hint: 'Rewrite the pattern without back-references or look-arounds (in the forms file, or in the custom field of the backend), then try again.',
          data: { field: field.key, pattern: field.pattern },
        },
      );
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

function matchOption(options: string[], raw: string): string | undefined {
  const exact = options.find((o) => o === raw);
  if (exact !== undefined) return exact;
  const f = fold(raw);
  return options.find((o) => fold(o) === f);
}

/**
 * Check one answer and return its normalized value, or a message that says what is wrong.
 * `raw` is what the user typed (or the flag value); multiselect takes comma-separated values.
 */
export function checkValue(
  field: Field,
  raw: string | string[] | boolean | number,
  values: Record<string, FieldValue> = {},
): { ok: true; value: FieldValue | undefined } | { ok: false; message: string } {
  const label = field.label;
  if (typeof raw === 'string' && raw.trim() === '' && field.type !== 'checkbox') {
    return field.required ? { ok: false, message: `${label} is required.` } : { ok: true, value: undefined };
  }
  switch (field.type) {
    case 'checkbox': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const v = String(raw).trim().toLowerCase();
      if (TRUE.has(v)) return { ok: true, value: true };
      if (FALSE.has(v)) return field.required && v === '' ? { ok: false, message: `${label} is required.` } : { ok: true, value: false };
      return { ok: false, message: `${label} must be yes or no (got "${raw}").` };
    }
    case 'number': {
      const v = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
      if (!Number.isFinite(v)) return { ok: false, message: `${label} must be a number (got "${raw}").` };
      return { ok: true, value: v };
    }
    case 'date': {
      const v = String(raw).trim();
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        return { ok: false, message: `${label} must be a date as YYYY-MM-DD (got "${raw}").` };
      }
      return { ok: true, value: v };
    }
    case 'select': {
      const opts = optionsFor(field, values) ?? [];
      const v = matchOption(opts, String(raw).trim());
      if (v === undefined) {
        const guess = closest(String(raw), opts);
        return {
          ok: false,
          message:
            `${label}: "${raw}" is not one of the allowed values: ${opts.join(', ')}.` +
            (guess ? ` Did you mean "${guess}"?` : ''),
        };
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
        const v = matchOption(opts, item);
        if (v === undefined) {
          return { ok: false, message: `${label}: "${item}" is not one of the allowed values: ${opts.join(', ')}.` };
        }
        if (!out.includes(v)) out.push(v);
      }
      if (field.required && out.length === 0) return { ok: false, message: `${label} is required.` };
      return { ok: true, value: out };
    }
    default: {
      const v = String(raw);
      const text = field.type === 'text' ? v.trim() : v;
      if (field.maxLength !== null && text.length > field.maxLength) {
        return { ok: false, message: `${label} is ${text.length} characters long; the limit is ${field.maxLength}.` };
      }
      if (field.pattern) {
        if (!matchesPattern(field, text)) {
          return { ok: false, message: `${label}: "${text}" has the wrong format${field.hint ? ` (${field.hint})` : ''}.` };
        }
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
  const problems: string[] = [];
  // Parents before children: fields are declared in order, conditions point backwards.
  for (const f of category.fields) {
    if (!raw.has(f.key)) continue;
    const r = checkValue(f, raw.get(f.key)!, values);
    if (r.ok) {
      if (r.value !== undefined) values[f.key] = r.value;
    } else problems.push(r.message);
  }
  // A field given for a ticket type that hides it is refused (it would be dropped or stored where
  // the portal never shows it): the message names the types it belongs to.
  for (const f of category.fields) {
    if (!raw.has(f.key) || !dependsOnType(f, category) || isVisible(f, values, type)) continue;
    const types = f.dependsOn!.values;
    throw new ValidationError(msg('req.type.hidden', { label: f.label, types: types.join(', ') }), {
      hint: msg('req.type.hidden.hint', { first: types[0] ?? 'incident', key: f.key }),
      data: { field: f.key, types, type: type ?? null },
    });
  }
  for (const f of category.fields) {
    if (f.required && isVisible(f, values, type) && !hasOwn(values, f.key) && !raw.has(f.key)) {
      problems.push(`${f.label} is required: add --field ${f.key}=VALUE${f.options ? ` (one of: ${(optionsFor(f, values) ?? []).join(', ')})` : ''}.`);
    }
  }
  for (const key of Object.keys(values)) {
    const f = category.fields.find((x) => x.key === key)!;
    if (!isVisible(f, values, type)) {
      problems.push(`${f.label} only applies when ${f.dependsOn!.field} is ${f.dependsOn!.values.join(' or ')}.`);
    }
  }
  if (problems.length) {
    throw new ValidationError(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`, {
      hint: `See the fields of ${category.id} with \`ticket categories ${category.id}\`.`,
      data: { problems },
    });
  }
  // A plain object again for callers (JSON, spreads), built key by key so no key reaches a prototype.
  const out: Record<string, FieldValue> = {};
  for (const k of Object.keys(values)) Object.defineProperty(out, k, { value: values[k], enumerable: true, writable: true, configurable: true });
  return out;
}

export function resolveCategory(categories: Category[], idOrName: string): Category {
  const f = fold(idOrName);
  const c = categories.find((x) => fold(x.id) === f) ?? categories.find((x) => fold(x.name) === f);
  if (c) return c;
  const guess = closest(idOrName, categories.map((x) => x.id));
  throw new ValidationError(`Unknown category "${idOrName}".` + (guess ? ` Did you mean "${guess}"?` : ''), {
    hint: `Valid categories: ${categories.map((x) => x.id).join(', ')}.`,
    data: { valid: categories.map((x) => x.id), suggestion: guess },
  });
}
