import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { ConfigError } from '../../errors.js';
import { FileRefusedError, readRegularFile } from '../../store/regular-file.js';
import { FIELD_TYPES, type Category, type CheckCommand, type Field, type CategoryTranslations, type FieldTranslations, type FieldType, type Localized, type StatusDef } from '../../model.js';
import { parseStatuses } from '../../forms/statuses.js';
import { msg } from '../../i18n/msg.js';
import { LANGUAGES } from '../../i18n/lang.js';
import { TYPE_FIELD, typeValue } from '../../forms/validate.js';

// Categories of the local backend: the built-in defaults, or a forms file (docs/forms.md) that
// replaces them. The forms file is also where per-category check commands are declared.

export { defaultCategories } from './default-forms.js';

/** Where the forms file is: the profile's formsFile, else <config>/forms.yaml when it exists. */
export function formsFilePath(formsFile: string | undefined, configDir: string): { path: string; explicit: boolean } | null {
  if (formsFile) return { path: expandPath(formsFile, configDir), explicit: true };
  const def = join(configDir, 'forms.yaml');
  if (existsSync(def)) return { path: def, explicit: false };
  const yml = join(configDir, 'forms.yml');
  if (existsSync(yml)) return { path: yml, explicit: false };
  return null;
}

/** `~/x` → home; relative paths are taken from the config directory (the profile lives there). */
export function expandPath(p: string, configDir: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(configDir, p);
}

/** A forms file is a page of YAML; a file this big is a mistake (and would cost seconds and gigabytes). */
export const FORMS_MAX_BYTES = 4 * 1024 * 1024;

export async function loadFormsFile(path: string, maxBytes = FORMS_MAX_BYTES): Promise<Category[]> {
  return (await loadForms(path, maxBytes)).categories;
}

/** A whole forms file: its categories, and its status vocabulary (null when it declares none). */
export interface FormsFile {
  categories: Category[];
  statuses: StatusDef[] | null;
}

export async function loadForms(path: string, maxBytes = FORMS_MAX_BYTES): Promise<FormsFile> {
  let text: string;
  try {
    // Only a regular file, within the cap: a FIFO would hang, /dev/zero would never end.
    text = readRegularFile(path, maxBytes).toString('utf8');
  } catch (e) {
    const hint = msg('form.file.path.hint');
    if (!(e instanceof FileRefusedError)) throw e;
    if (e.problem === 'missing') throw new ConfigError(msg('form.file.missing', { path }), { hint });
    if (e.problem === 'unreadable') throw new ConfigError(msg('form.file.unreadable', { path, reason: e.detail.replace(/^cannot be read \((.*)\)$/, '$1') }), { hint });
    throw new ConfigError(msg('form.file.refused', { path, detail: e.detail }), {
      hint: e.problem === 'too-big' ? msg('form.file.tooBig.hint') : hint,
    });
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConfigError(msg('form.file.yaml', { path, reason: (e as Error).message.split('\n')[0] }), {
      hint: msg('form.file.format.hint'),
    });
  }
  return { categories: validateForms(doc, path), statuses: validateStatuses(doc, path) };
}

/** The `statuses:` of a parsed forms document (docs/forms.md "Statuses"); null when absent. */
export function validateStatuses(doc: unknown, file: string): StatusDef[] | null {
  return parseStatuses(isObj(doc) ? doc.statuses : undefined, (where, problem) => {
    throw new ConfigError(msg('vocab.forms.invalid', { file, where, problem }), { hint: msg('vocab.forms.hint'), data: { file, where } });
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check a parsed forms document and return the categories; ConfigError names the file and the place. */
export function validateForms(doc: unknown, file: string): Category[] {
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(msg('form.file.invalid', { path: file, where, problem }), {
      hint: msg('form.file.format.hint'),
      data: { file, where },
    });
  };
  if (!isObj(doc)) fail('top level', 'expected a mapping with a `categories` list');
  const cats = (doc as Obj).categories;
  if (!Array.isArray(cats) || cats.length === 0) fail('categories', 'expected a non-empty list');
  const out: Category[] = [];
  const ids = new Set<string>();
  (cats as unknown[]).forEach((c, ci) => {
    const at = `categories[${ci}]`;
    if (!isObj(c)) fail(at, 'expected a mapping with id, name and fields');
    const co = c as Obj;
    const id = str(co.id, `${at}.id`, fail, true)!;
    if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(id)) fail(`${at}.id`, `"${id}" may only contain letters, digits, space, _ . -`);
    if (ids.has(id.toLowerCase())) fail(`${at}.id`, `"${id}" is declared twice`);
    ids.add(id.toLowerCase());
    const nameIn = words(co.name, `${at}.name`, fail);
    const descriptionIn = words(co.description, `${at}.description`, fail);
    const name = nameIn?.text ?? id;
    const description = descriptionIn?.text ?? null;
    const translations: CategoryTranslations = {};
    if (nameIn?.by) translations.name = nameIn.by;
    if (descriptionIn?.by) translations.description = descriptionIn.by;
    const rawFields = co.fields ?? [];
    if (!Array.isArray(rawFields)) fail(`${at}.fields`, 'expected a list');
    const fields: Field[] = [];
    (rawFields as unknown[]).forEach((f, fi) => {
      const [field, tr] = parseField(f, `${at}.fields[${fi}]`, fields, fail);
      fields.push(field);
      if (tr) (translations.fields ??= {})[field.key] = tr;
    });
    const rawChecks = co.checks ?? [];
    if (!Array.isArray(rawChecks)) fail(`${at}.checks`, 'expected a list');
    const checks = (rawChecks as unknown[]).map((k, ki) => {
      const [check, by] = parseCheck(k, `${at}.checks[${ki}]`, fail);
      if (by) (translations.checks ??= {})[check.name] = by;
      return check;
    });
    out.push({ id, name, description, fields, checks, ...(Object.keys(translations).length ? { translations } : {}) });
  });
  return out;
}

type Fail = (where: string, problem: string) => never;

function str(v: unknown, where: string, fail: Fail, required = false): string | undefined {
  if (v === undefined || v === null) {
    if (required) fail(where, 'is required');
    return undefined;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') fail(where, 'expected a string');
  if (required && (v as string).trim() === '') fail(where, 'must not be empty');
  return v as string;
}

function strList(v: unknown, where: string, fail: Fail): string[] {
  if (!Array.isArray(v)) fail(where, 'expected a list of strings');
  return (v as unknown[]).map((x, i) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    return fail(`${where}[${i}]`, 'expected a string');
  });
}

/**
 * A text people read, in one language (a string) or several (`{en: Site, fr: Établissement}`).
 * The base text is the English one, else the first given; `by` holds every language given.
 */
function words(v: unknown, where: string, fail: Fail): { text: string; by: Localized | null } | undefined {
  if (!isObj(v)) {
    const text = str(v, where, fail);
    return text === undefined ? undefined : { text, by: null };
  }
  const by: Localized = {};
  for (const [lang, text] of Object.entries(v)) {
    if (!/^[a-z]{2}$/.test(lang)) fail(`${where}.${lang}`, 'expected a two-letter language code (en, fr, ro)');
    by[lang] = str(text, `${where}.${lang}`, fail, true)!;
  }
  const first = Object.values(by)[0];
  if (first === undefined) fail(where, 'expected a string, or a mapping of language → text');
  return { text: by.en ?? first!, by };
}

/** Options: plain values, or `{value, label}` where the label may be given per language. */
function optionList(v: unknown, where: string, fail: Fail, tr: FieldTranslations): string[] {
  if (!Array.isArray(v)) fail(where, 'expected a list of strings');
  return (v as unknown[]).map((x, i) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (!isObj(x)) return fail(`${where}[${i}]`, 'expected a string, or {value, label}');
    for (const k of Object.keys(x)) if (k !== 'value' && k !== 'label') fail(`${where}[${i}].${k}`, 'unknown property (valid: value, label)');
    const value = str(x.value, `${where}[${i}].value`, fail, true)!;
    const label = words(x.label, `${where}[${i}].label`, fail);
    // A label given as one string is the option's label in every language.
    const by: Localized | null = label ? (label.by ?? Object.fromEntries(LANGUAGES.map((l) => [l, label.text]))) : null;
    if (by) (tr.options ??= {})[value] = by;
    return value;
  });
}

/**
 * Field values are kept in maps keyed by field key: a key that names a property every object has
 * (`constructor`, `__proto__`, `toString`...) would read as already answered. Refused at load.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const FIELD_KEYS = new Set(['key', 'label', 'type', 'required', 'options', 'pattern', 'maxLength', 'dependsOn', 'hint', 'optionsByParent']);

function parseField(f: unknown, at: string, before: Field[], fail: Fail): [Field, FieldTranslations | null] {
  if (!isObj(f)) fail(at, 'expected a mapping with key, label and type');
  const o = f as Obj;
  for (const k of Object.keys(o)) if (!FIELD_KEYS.has(k)) fail(`${at}.${k}`, `unknown property (valid: ${[...FIELD_KEYS].join(', ')})`);
  const key = str(o.key, `${at}.key`, fail, true)!;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) fail(`${at}.key`, `"${key}" must start with a letter and hold only letters, digits, _ . -`);
  if (RESERVED_KEYS.has(key)) fail(`${at}.key`, `"${key}" is a reserved name (of JavaScript objects); choose another key`);
  if (before.some((x) => x.key === key)) fail(`${at}.key`, `"${key}" is declared twice in this category`);
  const labelIn = words(o.label, `${at}.label`, fail);
  const label = labelIn?.text ?? key;
  const tr: FieldTranslations = {};
  if (labelIn?.by) tr.label = labelIn.by;
  const type = (str(o.type, `${at}.type`, fail) ?? 'text') as FieldType;
  if (!FIELD_TYPES.includes(type)) fail(`${at}.type`, `"${type}" is not one of ${FIELD_TYPES.join(', ')}`);
  if (o.required !== undefined && typeof o.required !== 'boolean') fail(`${at}.required`, 'expected true or false');
  let options: string[] | null = null;
  if (o.options !== undefined && o.options !== null) options = optionList(o.options, `${at}.options`, fail, tr);
  let optionsByParent: Record<string, string[]> | null = null;
  if (o.optionsByParent !== undefined && o.optionsByParent !== null) {
    if (!isObj(o.optionsByParent)) fail(`${at}.optionsByParent`, 'expected a mapping of parent value → list of options');
    // Keyed by values from the file: no prototype, so "__proto__" or "constructor" is a plain key.
    optionsByParent = Object.create(null) as Record<string, string[]>;
    for (const [pv, list] of Object.entries(o.optionsByParent as Obj)) {
      optionsByParent[pv] = optionList(list, `${at}.optionsByParent.${pv}`, fail, tr);
    }
    if (!options) options = [...new Set(Object.values(optionsByParent).flat())];
  }
  if ((type === 'select' || type === 'multiselect') && (!options || options.length === 0)) {
    fail(`${at}.options`, `a ${type} field needs a non-empty options list`);
  }
  const pattern = str(o.pattern, `${at}.pattern`, fail) ?? null;
  if (pattern !== null) {
    try {
      new RegExp(pattern, 'u');
    } catch (e) {
      fail(`${at}.pattern`, `not a valid regular expression (${(e as Error).message})`);
    }
  }
  let maxLength: number | null = null;
  if (o.maxLength !== undefined && o.maxLength !== null) {
    if (typeof o.maxLength !== 'number' || !Number.isInteger(o.maxLength) || o.maxLength <= 0) fail(`${at}.maxLength`, 'expected a positive integer');
    maxLength = o.maxLength as number;
  }
  let dependsOn: Field['dependsOn'] = null;
  if (o.dependsOn !== undefined && o.dependsOn !== null) {
    if (!isObj(o.dependsOn)) fail(`${at}.dependsOn`, 'expected {field, values}');
    const d = o.dependsOn as Obj;
    const parent = str(d.field, `${at}.dependsOn.field`, fail, true)!;
    // `type` (when no field has that key) is the ticket type: incident, question, feature.
    const onType = parent === TYPE_FIELD && !before.some((x) => x.key === parent);
    if (!onType && !before.some((x) => x.key === parent)) {
      fail(`${at}.dependsOn.field`, `"${parent}" must be a field declared earlier in the same category, or type (the ticket type)`);
    }
    const rawValues = d.values ?? d.value;
    let values = typeof rawValues === 'string' ? [rawValues] : strList(rawValues, `${at}.dependsOn.values`, fail);
    if (onType) {
      if (optionsByParent) fail(`${at}.optionsByParent`, 'cannot depend on the ticket type');
      values = values.map((v) => typeValue(v) ?? fail(`${at}.dependsOn.values`, `"${v}" is not a ticket type (incident, question, feature)`));
    }
    if (values.length === 0 && !optionsByParent) fail(`${at}.dependsOn.values`, 'expected at least one value');
    dependsOn = { field: parent, values };
  }
  if (optionsByParent && !dependsOn) fail(`${at}.optionsByParent`, 'needs dependsOn to name the parent field');
  const hintIn = words(o.hint, `${at}.hint`, fail);
  const hint = hintIn?.text ?? null;
  if (hintIn?.by) tr.hint = hintIn.by;
  const out: Field = { key, label, type, required: o.required === true, options, pattern, maxLength, dependsOn, hint };
  if (optionsByParent) out.optionsByParent = optionsByParent;
  return [out, Object.keys(tr).length ? tr : null];
}

/** A check, and its name in other languages when the name is given per language. */
function parseCheck(k: unknown, at: string, fail: Fail): [CheckCommand, Localized | null] {
  if (!isObj(k)) fail(at, 'expected a mapping with name, program and args');
  const o = k as Obj;
  const nameIn = words(o.name, `${at}.name`, fail);
  if (!nameIn) fail(`${at}.name`, 'is required');
  if (nameIn!.text.trim() === '') fail(`${at}.name`, 'must not be empty');
  const name = nameIn!.text;
  const program = str(o.program, `${at}.program`, fail, true)!;
  const args = o.args === undefined || o.args === null ? [] : strList(o.args, `${at}.args`, fail);
  let timeoutMs = 10_000;
  if (o.timeoutMs !== undefined && o.timeoutMs !== null) {
    if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail(`${at}.timeoutMs`, 'expected a positive number of milliseconds');
    timeoutMs = o.timeoutMs as number;
  }
  let expectExit = 0;
  if (o.expectExit !== undefined && o.expectExit !== null) {
    if (typeof o.expectExit !== 'number' || !Number.isInteger(o.expectExit)) fail(`${at}.expectExit`, 'expected an integer exit code');
    expectExit = o.expectExit as number;
  }
  const expectOutput = str(o.expectOutput, `${at}.expectOutput`, fail) ?? null;
  if (expectOutput !== null) {
    try {
      new RegExp(expectOutput, 'u');
    } catch (e) {
      fail(`${at}.expectOutput`, `not a valid regular expression (${(e as Error).message})`);
    }
  }
  return [{ name, program, args, timeoutMs, expectExit, expectOutput }, nameIn!.by];
}
