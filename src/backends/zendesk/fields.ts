// Zendesk ticket forms and ticket fields → categories and fields; field values both ways.
//
// Keys: a field's `key` when Zendesk gives one, otherwise its title folded to ASCII snake case
// ("Numéro de document" → "numero_de_document"); a clash gets the field id appended. Drop-down
// (tagger) and multiselect fields show the option *names* as options and are sent as the option
// *values* (the tags): `--field site=Paris` sends the tag of the option named "Paris".
import type { Category, Field, FieldType, FieldValue } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import type { ZendeskMode } from './api.js';
import { TYPE_FIELD, typeValue } from '../../forms/validate.js';

export interface ZdOption {
  id?: number;
  name: string;
  raw_name?: string;
  value: string;
}

export interface ZdField {
  id: number;
  type: string;
  key?: string | null;
  title: string;
  raw_title?: string;
  title_in_portal?: string | null;
  description?: string | null;
  agent_description?: string | null;
  active?: boolean;
  required?: boolean;
  required_in_portal?: boolean;
  visible_in_portal?: boolean;
  editable_in_portal?: boolean;
  regexp_for_validation?: string | null;
  custom_field_options?: ZdOption[] | null;
}

export interface ZdCondition {
  parent_field_id: number;
  value: string | boolean | number;
  child_fields: { id: number; is_required?: boolean }[];
}

export interface ZdForm {
  id: number;
  name: string;
  display_name?: string | null;
  end_user_visible?: boolean;
  active?: boolean;
  default?: boolean;
  position?: number;
  ticket_field_ids: number[];
  end_user_conditions?: ZdCondition[];
  agent_conditions?: ZdCondition[];
}

/** Zendesk field types the form can carry; system fields (subject, status...) are flags instead. */
const TYPE_MAP: Record<string, FieldType> = {
  text: 'text',
  textarea: 'textarea',
  regexp: 'text',
  partialcreditcard: 'text',
  checkbox: 'checkbox',
  date: 'date',
  integer: 'number',
  decimal: 'number',
  tagger: 'select',
  multiselect: 'multiselect',
};

export const DEFAULT_CATEGORY_ID = 'default';

function slug(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export class FieldCatalog {
  readonly byId = new Map<number, ZdField>();
  readonly keyById = new Map<number, string>();
  readonly idByKey = new Map<string, number>();

  constructor(fields: ZdField[]) {
    const sorted = [...fields].sort((a, b) => a.id - b.id);
    for (const f of sorted) {
      this.byId.set(f.id, f);
      const base = slug((f.key ?? '').split('::').pop() ?? '') || slug(f.raw_title ?? f.title ?? '') || `field_${f.id}`;
      const key = this.idByKey.has(base) ? `${base}_${f.id}` : base;
      this.keyById.set(f.id, key);
      this.idByKey.set(key, f.id);
    }
  }

  keyOf(id: number): string {
    return this.keyById.get(id) ?? `field_${id}`;
  }

  /** A field by key, `field_<id>` or a bare id. */
  idOf(key: string): number | undefined {
    const direct = this.idByKey.get(key);
    if (direct !== undefined) return direct;
    const m = /^(?:field_)?(\d+)$/.exec(key);
    return m ? Number(m[1]) : undefined;
  }
}

function isCustom(f: ZdField): boolean {
  return f.type in TYPE_MAP;
}

function usable(f: ZdField, mode: ZendeskMode): boolean {
  if (f.active === false || !isCustom(f)) return false;
  if (mode === 'end-user') return f.visible_in_portal !== false && f.editable_in_portal !== false;
  return true;
}

export function toField(f: ZdField, mode: ZendeskMode, catalog: FieldCatalog): Field {
  const type = TYPE_MAP[f.type];
  const options = f.custom_field_options?.length ? f.custom_field_options.map((o) => o.name) : null;
  const label = (mode === 'end-user' ? f.title_in_portal : null) || f.title;
  const hint = (mode === 'agent' ? f.agent_description : null) || f.description || null;
  return {
    key: catalog.keyOf(f.id),
    label,
    type,
    required: Boolean(mode === 'end-user' ? f.required_in_portal : f.required),
    options: type === 'select' || type === 'multiselect' ? (options ?? []) : null,
    pattern: f.type === 'regexp' && f.regexp_for_validation ? f.regexp_for_validation : null,
    maxLength: null,
    dependsOn: null,
    hint,
  };
}

/** The option name of a stored tag value (falls back to the tag itself). */
function optionName(f: ZdField | undefined, tag: string): string {
  return f?.custom_field_options?.find((o) => o.value === tag)?.name ?? tag;
}

function optionTag(f: ZdField, value: string): string {
  const opts = f.custom_field_options ?? [];
  const byName = opts.find((o) => o.name === value) ?? opts.find((o) => fold(o.name) === fold(value));
  if (byName) return byName.value;
  const byTag = opts.find((o) => o.value === value);
  if (byTag) return byTag.value;
  throw new ValidationError(msg('err.zd.notAllowedValue', { field: f.title, value: String(value), list: opts.map((o) => o.name).join(', ') }), {
    hint: msg('err.seeCategories.hint'),
  });
}

export function categoryFromForm(form: ZdForm, catalog: FieldCatalog, mode: ZendeskMode): Category {
  const fields: Field[] = [];
  const byId = new Map<number, Field>();
  for (const id of form.ticket_field_ids ?? []) {
    const zf = catalog.byId.get(id);
    if (!zf || !usable(zf, mode)) continue;
    const field = toField(zf, mode, catalog);
    fields.push(field);
    byId.set(id, field);
  }
  const conditions =
    mode === 'end-user' ? (form.end_user_conditions ?? []) : form.agent_conditions?.length ? form.agent_conditions : (form.end_user_conditions ?? []);
  for (const c of conditions) {
    const parent = byId.get(c.parent_field_id) ?? typeParent(catalog, c.parent_field_id);
    if (!parent) continue;
    const parentDef = catalog.byId.get(c.parent_field_id);
    const value =
      parent.key === TYPE_FIELD ? (typeValue(String(c.value) === 'task' ? 'feature' : String(c.value)) ?? String(c.value)) : typeof c.value === 'string' ? optionName(parentDef, c.value) : String(c.value);
    for (const child of c.child_fields ?? []) {
      const f = byId.get(child.id);
      if (!f) continue;
      if (!f.dependsOn) f.dependsOn = { field: parent.key, values: [] };
      if (f.dependsOn.field !== parent.key) continue; // one parent per field in the normalized model
      if (!f.dependsOn.values.includes(value)) f.dependsOn.values.push(value);
      if (child.is_required !== undefined) f.required = child.is_required;
    }
  }
  return { id: String(form.id), name: form.display_name || form.name, description: null, fields: parentsFirst(fields) };
}

/**
 * A condition on the system Type field (problem, incident, question, task) becomes a condition on
 * the ticket type (the `type` pseudo-field: `--type`, the wizard's type question).
 */
function typeParent(catalog: FieldCatalog, id: number): Pick<Field, 'key'> | undefined {
  return catalog.byId.get(id)?.type === 'tickettype' ? { key: TYPE_FIELD } : undefined;
}

/** Conditions may point forwards in Zendesk's order; validation wants parents before children. */
function parentsFirst(fields: Field[]): Field[] {
  const out: Field[] = [];
  const placed = new Set<string>();
  const place = (f: Field, depth = 0) => {
    if (placed.has(f.key)) return;
    if (f.dependsOn && depth < 10) {
      const p = fields.find((x) => x.key === f.dependsOn!.field);
      if (p) place(p, depth + 1);
    }
    placed.add(f.key);
    out.push(f);
  };
  for (const f of fields) place(f);
  return out;
}

/** One category with every usable custom field, for accounts without ticket forms. */
export function defaultCategory(catalog: FieldCatalog, mode: ZendeskMode): Category {
  const fields = [...catalog.byId.values()].filter((f) => usable(f, mode)).map((f) => toField(f, mode, catalog));
  return { id: DEFAULT_CATEGORY_ID, name: 'Default', description: 'All ticket fields (the account has no ticket forms).', fields };
}

/** Normalized values (keyed by field key) → Zendesk `custom_fields`. */
export function encodeValues(values: Record<string, FieldValue>, catalog: FieldCatalog): { id: number; value: unknown }[] {
  const out: { id: number; value: unknown }[] = [];
  for (const [key, v] of Object.entries(values)) {
    const id = catalog.idOf(key);
    const f = id === undefined ? undefined : catalog.byId.get(id);
    if (id === undefined || !f) {
      throw new ValidationError(msg('err.zd.unknownField', { key }), { hint: msg('err.seeFields.hint') });
    }
    let value: unknown = v;
    if (f.type === 'tagger') value = optionTag(f, String(v));
    else if (f.type === 'multiselect') value = (Array.isArray(v) ? v : String(v).split(',')).map((x) => optionTag(f, String(x).trim()));
    else if (f.type === 'checkbox') value = v === true || v === 'true';
    else if (f.type === 'integer' || f.type === 'decimal') value = typeof v === 'number' ? v : Number(v);
    else value = String(v);
    out.push({ id, value });
  }
  return out;
}

/** Zendesk `custom_fields` → normalized values; empty values are left out. */
export function decodeValues(custom: { id: number; value: unknown }[] | null | undefined, catalog: FieldCatalog): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const { id, value } of custom ?? []) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const f = catalog.byId.get(id);
    const key = catalog.keyOf(id);
    switch (f?.type) {
      case 'tagger':
        out[key] = optionName(f, String(value));
        break;
      case 'multiselect':
        out[key] = (Array.isArray(value) ? value : [value]).map((t) => optionName(f, String(t)));
        break;
      case 'checkbox':
        if (value === false) continue;
        out[key] = value === true || value === 'true';
        break;
      case 'integer':
      case 'decimal':
        out[key] = Number(value);
        break;
      default:
        out[key] = Array.isArray(value) ? value.map(String) : typeof value === 'boolean' || typeof value === 'number' ? value : String(value);
    }
  }
  return out;
}
