import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { ConfigError } from '../../errors.js';
import { FileRefusedError, readRegularFile } from '../../store/regular-file.js';
import { FIELD_TYPES, type Category, type CheckCommand, type Field, type FieldType } from '../../model.js';
import { TYPE_FIELD, typeValue } from '../../forms/validate.js';

// Categories of the local backend: the built-in defaults, or a forms file (docs/forms.md) that
// replaces them. The forms file is also where per-category check commands are declared.

function field(f: Partial<Field> & Pick<Field, 'key' | 'label' | 'type'>): Field {
  return {
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required ?? false,
    options: f.options ?? null,
    pattern: f.pattern ?? null,
    maxLength: f.maxLength ?? null,
    dependsOn: f.dependsOn ?? null,
    hint: f.hint ?? null,
  };
}

export function defaultCategories(): Category[] {
  return [
    {
      id: 'IT',
      name: 'IT',
      description: 'Workstations, printers, accounts and passwords, e-mail, network and VPN.',
      fields: [
        field({ key: 'machine', label: 'Poste / machine', type: 'text', maxLength: 64, hint: 'Computer name or asset tag, if known' }),
        field({
          key: 'impact',
          label: 'Personnes concernées',
          type: 'select',
          options: ['Moi seulement', 'Plusieurs personnes', 'Tout le site'],
        }),
      ],
      checks: [],
    },
    {
      id: 'DMS',
      name: 'DMS',
      description: 'Dealer management system: workshop orders, parts sales orders, invoices and reports.',
      fields: [
        field({ key: 'company', label: 'Société', type: 'text', maxLength: 100 }),
        field({
          key: 'site',
          label: 'Établissement',
          type: 'select',
          required: true,
          options: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'],
        }),
        field({
          key: 'document_type',
          label: 'Type de document',
          type: 'select',
          required: true,
          options: ['Commande atelier', 'Commande vente pièces'],
        }),
        field({
          key: 'document_number',
          label: 'Numéro de document',
          type: 'text',
          required: true,
          pattern: '^[0-9]{4,10}$',
          hint: '4 to 10 digits',
        }),
        field({
          key: 'report_path',
          label: 'Accès au rapport',
          type: 'textarea',
          hint: 'How you reached the report (menu path), if the problem is in a report',
        }),
      ],
      checks: [
        {
          name: 'Local runtime answers',
          program: process.execPath,
          args: ['-e', "console.log('dms-check-ok ' + process.version)"],
          timeoutMs: 5000,
          expectExit: 0,
          expectOutput: 'dms-check-ok',
        },
      ],
    },
    {
      id: 'CRM',
      name: 'CRM',
      description: 'Customer relationship management: contacts, synchronisation, campaigns.',
      fields: [
        field({
          key: 'module',
          label: 'Module',
          type: 'select',
          required: true,
          options: ['Contacts', 'Opportunities', 'Campaigns', 'Synchronisation'],
        }),
        field({
          key: 'campaign_id',
          label: 'Campaign ID',
          type: 'text',
          pattern: '^[A-Za-z0-9-]{3,20}$',
          hint: '3 to 20 letters, digits or dashes',
          dependsOn: { field: 'module', values: ['Campaigns'] },
        }),
      ],
      checks: [],
    },
    {
      id: 'CONNECT',
      name: 'CONNECT',
      description: 'Connectors and interfaces with manufacturers and third-party software.',
      fields: [
        field({
          key: 'connector',
          label: 'Connecteur',
          type: 'select',
          required: true,
          options: ['Constructeur', 'Comptabilité', 'Banque', 'Messagerie', 'Autre'],
        }),
        field({ key: 'last_success', label: 'Dernier transfert réussi', type: 'date', hint: 'YYYY-MM-DD' }),
      ],
      checks: [],
    },
  ];
}

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
  let text: string;
  try {
    // Only a regular file, within the cap: a FIFO would hang, /dev/zero would never end.
    text = readRegularFile(path, maxBytes).toString('utf8');
  } catch (e) {
    const hint = 'Fix the path with `ticket config set formsFile PATH`, or unset it to use the built-in categories.';
    if (!(e instanceof FileRefusedError)) throw e;
    if (e.problem === 'missing') throw new ConfigError(`The forms file ${path} does not exist.`, { hint });
    if (e.problem === 'unreadable') throw new ConfigError(`Cannot read the forms file ${path} (${e.detail.replace(/^cannot be read \((.*)\)$/, '$1')}).`, { hint });
    throw new ConfigError(`The forms file ${path} ${e.detail}.`, {
      hint: e.problem === 'too-big' ? 'A forms file holds categories and fields: keep data out of it (see docs/forms.md).' : hint,
    });
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConfigError(`The forms file ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'See docs/forms.md for the format.',
    });
  }
  return validateForms(doc, path);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check a parsed forms document and return the categories; ConfigError names the file and the place. */
export function validateForms(doc: unknown, file: string): Category[] {
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(`The forms file ${file} is invalid: ${where}: ${problem}`, {
      hint: 'See docs/forms.md for the format.',
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
    const name = str(co.name, `${at}.name`, fail) ?? id;
    const description = str(co.description, `${at}.description`, fail) ?? null;
    const rawFields = co.fields ?? [];
    if (!Array.isArray(rawFields)) fail(`${at}.fields`, 'expected a list');
    const fields: Field[] = [];
    (rawFields as unknown[]).forEach((f, fi) => fields.push(parseField(f, `${at}.fields[${fi}]`, fields, fail)));
    const rawChecks = co.checks ?? [];
    if (!Array.isArray(rawChecks)) fail(`${at}.checks`, 'expected a list');
    const checks = (rawChecks as unknown[]).map((k, ki) => parseCheck(k, `${at}.checks[${ki}]`, fail));
    out.push({ id, name, description, fields, checks });
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
 * Field values are kept in maps keyed by field key: a key that names a property every object has
 * (`constructor`, `__proto__`, `toString`...) would read as already answered. Refused at load.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const FIELD_KEYS = new Set(['key', 'label', 'type', 'required', 'options', 'pattern', 'maxLength', 'dependsOn', 'hint', 'optionsByParent']);

function parseField(f: unknown, at: string, before: Field[], fail: Fail): Field {
  if (!isObj(f)) fail(at, 'expected a mapping with key, label and type');
  const o = f as Obj;
  for (const k of Object.keys(o)) if (!FIELD_KEYS.has(k)) fail(`${at}.${k}`, `unknown property (valid: ${[...FIELD_KEYS].join(', ')})`);
  const key = str(o.key, `${at}.key`, fail, true)!;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) fail(`${at}.key`, `"${key}" must start with a letter and hold only letters, digits, _ . -`);
  if (RESERVED_KEYS.has(key)) fail(`${at}.key`, `"${key}" is a reserved name (of JavaScript objects); choose another key`);
  if (before.some((x) => x.key === key)) fail(`${at}.key`, `"${key}" is declared twice in this category`);
  const label = str(o.label, `${at}.label`, fail) ?? key;
  const type = (str(o.type, `${at}.type`, fail) ?? 'text') as FieldType;
  if (!FIELD_TYPES.includes(type)) fail(`${at}.type`, `"${type}" is not one of ${FIELD_TYPES.join(', ')}`);
  if (o.required !== undefined && typeof o.required !== 'boolean') fail(`${at}.required`, 'expected true or false');
  let options: string[] | null = null;
  if (o.options !== undefined && o.options !== null) options = strList(o.options, `${at}.options`, fail);
  let optionsByParent: Record<string, string[]> | null = null;
  if (o.optionsByParent !== undefined && o.optionsByParent !== null) {
    if (!isObj(o.optionsByParent)) fail(`${at}.optionsByParent`, 'expected a mapping of parent value → list of options');
    // Keyed by values from the file: no prototype, so "__proto__" or "constructor" is a plain key.
    optionsByParent = Object.create(null) as Record<string, string[]>;
    for (const [pv, list] of Object.entries(o.optionsByParent as Obj)) {
      optionsByParent[pv] = strList(list, `${at}.optionsByParent.${pv}`, fail);
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
  const hint = str(o.hint, `${at}.hint`, fail) ?? null;
  const out: Field = { key, label, type, required: o.required === true, options, pattern, maxLength, dependsOn, hint };
  if (optionsByParent) out.optionsByParent = optionsByParent;
  return out;
}

function parseCheck(k: unknown, at: string, fail: Fail): CheckCommand {
  if (!isObj(k)) fail(at, 'expected a mapping with name, program and args');
  const o = k as Obj;
  const name = str(o.name, `${at}.name`, fail, true)!;
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
  return { name, program, args, timeoutMs, expectExit, expectOutput };
}
