// Freshdesk ticket fields → categories and fields.
//
// Categories are the choices of the ticket type field (or of the field named by the profile's
// categoryField). A custom field in a section shows only for the category choices of that section;
// other custom fields show for every category. Keys are field names without the `cf_` prefix.
// Nested (dependent) fields become one select per level, each with optionsByParent.
import type { Category, Field, FieldType, FieldValue } from '../../model.js';

export interface FdChoice {
  id: number;
  value: string;
  label?: string;
}

export interface FdSection {
  id: number;
  label?: string;
  choice_ids: number[];
  ticket_field_ids?: number[];
  ticket_fields?: number[];
}

export interface FdField {
  id: number;
  name: string;
  label: string;
  label_for_customers?: string;
  description?: string | null;
  position?: number;
  type: string;
  required_for_agents?: boolean;
  required_for_customers?: boolean;
  choices?: unknown;
  nested_ticket_fields?: { id: number; name: string; label: string; level: number }[];
  section_mappings?: { section_id: number }[];
  has_section?: boolean;
  sections?: FdSection[];
  /** Text validation (not in every account) ◐: a string or { value }. */
  regex?: string | { value?: string } | null;
  archived?: boolean;
}

const TYPES: Record<string, FieldType> = {
  custom_text: 'text',
  custom_paragraph: 'textarea',
  custom_checkbox: 'checkbox',
  custom_number: 'number',
  custom_decimal: 'number',
  custom_date: 'date',
  custom_dropdown: 'select',
  custom_multi_select_dropdown: 'multiselect',
  custom_url: 'text',
  custom_phone_number: 'text',
  nested_field: 'select',
};

export const keyOf = (name: string) => name.replace(/^cf_/, '');

/** Choice values: a list of strings, a list of {value}, or (nested fields) an object tree. */
export function choiceValues(choices: unknown): string[] {
  if (Array.isArray(choices)) return choices.map((c) => (typeof c === 'string' ? c : String((c as FdChoice).value)));
  if (choices && typeof choices === 'object') return Object.keys(choices);
  return [];
}

function pattern(f: FdField): string | null {
  if (!f.regex) return null;
  return typeof f.regex === 'string' ? f.regex : (f.regex.value ?? null);
}

/** One field, or several for a nested field (category → subcategory → item). */
export function toFields(f: FdField): Field[] {
  const type = TYPES[f.type];
  if (!type || f.archived) return [];
  const base: Field = {
    key: keyOf(f.name),
    label: f.label,
    type,
    required: Boolean(f.required_for_agents),
    options: type === 'select' || type === 'multiselect' ? choiceValues(f.choices) : null,
    pattern: type === 'text' ? pattern(f) : null,
    maxLength: type === 'text' ? 255 : null,
    dependsOn: null,
    hint: f.description || null,
  };
  if (f.type !== 'nested_field') return [base];
  const out = [base];
  const tree = (f.choices ?? {}) as Record<string, Record<string, string[]> | string[]>;
  const levels = [...(f.nested_ticket_fields ?? [])].sort((a, b) => a.level - b.level);
  if (levels[0]) {
    const byParent: Record<string, string[]> = {};
    for (const [k, sub] of Object.entries(tree)) byParent[k] = choiceValues(sub);
    out.push(child(levels[0], base.key, byParent));
  }
  if (levels[1]) {
    const byParent: Record<string, string[]> = {};
    for (const sub of Object.values(tree)) {
      if (!sub || Array.isArray(sub)) continue;
      for (const [k, items] of Object.entries(sub)) byParent[k] = [...new Set([...(byParent[k] ?? []), ...choiceValues(items)])];
    }
    out.push(child(levels[1], keyOf(levels[0].name), byParent));
  }
  return out;
}

function child(n: { name: string; label: string }, parent: string, byParent: Record<string, string[]>): Field {
  return {
    key: keyOf(n.name),
    label: n.label,
    type: 'select',
    required: false,
    options: [...new Set(Object.values(byParent).flat())],
    pattern: null,
    maxLength: null,
    dependsOn: { field: parent, values: Object.keys(byParent) },
    optionsByParent: byParent,
    hint: null,
  };
}

/** Which field carries the category: `ticket_type` by default, or the profile's categoryField. */
export function categoryField(fields: FdField[], name: string | undefined): FdField | undefined {
  const wanted = name ?? 'ticket_type';
  return fields.find((f) => f.name === wanted || f.name === `cf_${wanted}` || f.label === wanted);
}

export function buildCategories(fields: FdField[], catField: FdField | undefined, sections: FdSection[] | null): Category[] {
  const custom = fields.filter((f) => f.id !== catField?.id && TYPES[f.type] && !f.archived).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const values = catField ? choiceValues(catField.choices) : [];
  const choiceIds = new Map<number, string>();
  if (Array.isArray(catField?.choices)) for (const c of catField!.choices as unknown[]) if (c && typeof c === 'object') choiceIds.set((c as FdChoice).id, String((c as FdChoice).value));
  // Fields of each section, by category value.
  const inSection = new Map<number, Set<string>>();
  for (const s of sections ?? []) {
    const cats = s.choice_ids.map((id) => choiceIds.get(id)).filter((v): v is string => Boolean(v));
    for (const fid of s.ticket_field_ids ?? s.ticket_fields ?? []) {
      const set = inSection.get(fid) ?? new Set<string>();
      cats.forEach((c) => set.add(c));
      inSection.set(fid, set);
    }
  }
  const known = sections !== null;
  const fieldsFor = (cat: string | null) =>
    custom
      .filter((f) => {
        const mapped = (f.section_mappings?.length ?? 0) > 0 || inSection.has(f.id);
        if (!mapped) return true;
        if (!known || cat === null) return true;
        return inSection.get(f.id)?.has(cat) ?? false;
      })
      .flatMap((f) => {
        const out = toFields(f);
        // Without the section definitions we cannot tell where a section field applies: never required.
        if (!known && (f.section_mappings?.length ?? 0) > 0) out.forEach((x) => (x.required = false));
        return out;
      });
  if (!values.length) return [{ id: 'default', name: 'Default', description: 'All ticket fields.', fields: fieldsFor(null) }];
  return values.map((v) => ({ id: v, name: v, description: null, fields: fieldsFor(v) }));
}

/** Normalized values → Freshdesk custom_fields (`cf_` names). */
export function encodeValues(values: Record<string, FieldValue>, fields: FdField[]): Record<string, FieldValue> {
  const names = new Map<string, string>();
  for (const f of fields) {
    names.set(keyOf(f.name), f.name);
    for (const n of f.nested_ticket_fields ?? []) names.set(keyOf(n.name), n.name);
  }
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) out[names.get(k) ?? (k.startsWith('cf_') ? k : `cf_${k}`)] = v;
  return out;
}

export function decodeValues(custom: Record<string, unknown> | null | undefined): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(custom ?? {})) {
    if (v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && !v.length)) continue;
    out[keyOf(k)] = Array.isArray(v) ? v.map(String) : typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  }
  return out;
}
