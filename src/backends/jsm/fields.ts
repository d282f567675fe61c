// Request types → categories, request type fields → fields, and values both ways.
//
// Keys are Jira field ids (`customfield_10050`, `components`); labels are the request type's own
// field names, which `--field` also accepts. summary, description, priority and attachment are not
// fields of the form: they are the subject, the body, --priority and --attach. A cascading select
// becomes two selects: the parent (`customfield_X`) and its child (`customfield_X.child`, dependsOn
// the parent, optionsByParent from validValues[].children).
import type { Category, Field, FieldType, FieldValue } from '../../model.js';
import type { JsmFieldValue, JsmRequestType, JsmRequestTypeField, JsmRequestTypeGroup, JsmValidValue } from './types.js';

/** Request type fields that are not form fields. */
export const SYSTEM_FIELDS = new Set(['summary', 'description', 'priority', 'attachment']);
export const CHILD_SUFFIX = '.child';

const CASCADING = 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect';
const TEXTAREA = 'com.atlassian.jira.plugin.system.customfieldtypes:textarea';

export type Kind = 'text' | 'textarea' | 'number' | 'date' | 'datetime' | 'option' | 'cascading' | 'options' | 'strings' | 'user' | 'raw';

/** How a request type field is sent and read, from its jiraSchema. */
export function kindOf(f: JsmRequestTypeField): Kind {
  const s = f.jiraSchema ?? {};
  if (s.custom === CASCADING || s.type === 'option-with-child') return 'cascading';
  switch (s.type) {
    case 'string':
      return s.custom === TEXTAREA || s.system === 'environment' ? 'textarea' : 'text';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'option':
    case 'priority':
    case 'resolution':
    case 'issuetype':
      return 'option';
    case 'user':
      return 'user';
    case 'array':
      if (s.items === 'string') return f.validValues?.length ? 'options' : 'strings';
      if (s.items === 'option' || s.items === 'component' || s.items === 'version') return 'options';
      return 'raw';
    default:
      return f.validValues?.length ? 'option' : 'raw';
  }
}

const FIELD_TYPE: Record<Kind, FieldType> = {
  text: 'text',
  textarea: 'textarea',
  number: 'number',
  date: 'date',
  datetime: 'text',
  option: 'select',
  cascading: 'select',
  options: 'multiselect',
  strings: 'text',
  user: 'text',
  raw: 'text',
};

const HINTS: Partial<Record<Kind, string>> = {
  datetime: 'a date and time, e.g. 2026-11-23T10:00:00Z',
  strings: 'comma-separated words',
  user: 'an Atlassian account id',
};

function labels(vs: JsmValidValue[] | undefined): string[] {
  return [...new Set((vs ?? []).map((v) => v.label))];
}

export function toFields(f: JsmRequestTypeField): Field[] {
  if (SYSTEM_FIELDS.has(f.fieldId)) return [];
  if (f.visible === false && !f.required) return [];
  const kind = kindOf(f);
  const type = FIELD_TYPE[kind];
  const base: Field = {
    key: f.fieldId,
    label: f.name,
    type,
    required: Boolean(f.required),
    options: type === 'select' || type === 'multiselect' ? labels(f.validValues) : null,
    pattern: null,
    // Jira's single-line text fields hold 255 characters; paragraphs 32,767.
    maxLength: kind === 'text' ? 255 : kind === 'textarea' ? 32_767 : null,
    dependsOn: null,
    hint: f.description || HINTS[kind] || null,
  };
  if (kind !== 'cascading') return [base];
  const byParent: Record<string, string[]> = {};
  for (const v of f.validValues ?? []) if (v.children?.length) byParent[v.label] = labels(v.children);
  const child: Field = {
    key: f.fieldId + CHILD_SUFFIX,
    label: `${f.name} (detail)`,
    type: 'select',
    required: false,
    options: [...new Set(Object.values(byParent).flat())],
    pattern: null,
    maxLength: null,
    dependsOn: { field: f.fieldId, values: Object.keys(byParent) },
    optionsByParent: byParent,
    hint: null,
  };
  return [base, child];
}

export function toCategory(rt: JsmRequestType, fields: JsmRequestTypeField[], groups: JsmRequestTypeGroup[]): Category {
  const group = groups.find((g) => rt.groupIds?.includes(g.id));
  const about = rt.description || rt.helpText || '';
  return {
    id: String(rt.id),
    name: rt.name,
    description: [group ? `${group.name}` : '', about].filter(Boolean).join(' — ') || null,
    fields: fields.flatMap(toFields),
  };
}

/** Request types in the order of their groups (the portal's order), ungrouped last. */
export function byGroup(types: JsmRequestType[], groups: JsmRequestTypeGroup[]): JsmRequestType[] {
  const rank = (rt: JsmRequestType) => {
    const ranks = (rt.groupIds ?? []).map((id) => groups.findIndex((g) => g.id === id)).filter((i) => i >= 0);
    return ranks.length ? Math.min(...ranks) : groups.length;
  };
  return types.map((rt, i) => ({ rt, i, r: rank(rt) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.rt);
}

function find(vs: JsmValidValue[] | undefined, label: string): JsmValidValue | undefined {
  const l = label.toLowerCase();
  return (vs ?? []).find((v) => v.label === label) ?? (vs ?? []).find((v) => v.label.toLowerCase() === l || v.value === label);
}

/** Normalized values → `requestFieldValues` (options by id, cascading as {id, child:{id}}). */
export function encodeValues(values: Record<string, FieldValue>, defs: JsmRequestTypeField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    if (SYSTEM_FIELDS.has(def.fieldId)) continue;
    const v = values[def.fieldId];
    const kind = kindOf(def);
    if (v === undefined) continue;
    const one = Array.isArray(v) ? v.join(', ') : String(v);
    switch (kind) {
      case 'option': {
        const hit = find(def.validValues, one);
        out[def.fieldId] = hit ? { id: hit.value } : { value: one };
        break;
      }
      case 'cascading': {
        const parent = find(def.validValues, one);
        const childLabel = values[def.fieldId + CHILD_SUFFIX];
        const child = childLabel !== undefined ? find(parent?.children, String(childLabel)) : undefined;
        out[def.fieldId] = { id: parent?.value ?? one, ...(child ? { child: { id: child.value } } : {}) };
        break;
      }
      case 'options': {
        const items = Array.isArray(v) ? v.map(String) : one.split(',').map((s) => s.trim()).filter(Boolean);
        out[def.fieldId] = def.jiraSchema?.items === 'string' ? items : items.map((i) => ({ id: find(def.validValues, i)?.value ?? i }));
        break;
      }
      case 'strings':
        out[def.fieldId] = one.split(/[,\s]+/).filter(Boolean);
        break;
      case 'number':
        out[def.fieldId] = Number(v);
        break;
      case 'user':
        out[def.fieldId] = { accountId: one };
        break;
      default:
        out[def.fieldId] = one;
    }
  }
  return out;
}

function optionLabel(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return String(v);
  const o = v as { value?: string; name?: string; label?: string; displayName?: string; emailAddress?: string };
  return o.value ?? o.name ?? o.label ?? o.displayName ?? o.emailAddress ?? null;
}

/** `requestFieldValues` → normalized values keyed like the category's fields. */
export function decodeValues(list: JsmFieldValue[] | undefined): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of list ?? []) {
    if (SYSTEM_FIELDS.has(f.fieldId) || f.fieldId === 'labels') continue;
    const v = f.value;
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (Array.isArray(v)) {
      const items = v.map(optionLabel).filter((x): x is string => x !== null);
      if (items.length) out[f.fieldId] = items;
      continue;
    }
    if (typeof v === 'number' || typeof v === 'boolean') {
      out[f.fieldId] = v;
      continue;
    }
    if (typeof v === 'object') {
      const label = optionLabel(v);
      if (label !== null) out[f.fieldId] = label;
      const child = optionLabel((v as { child?: unknown }).child);
      if (child !== null) out[f.fieldId + CHILD_SUFFIX] = child;
      continue;
    }
    out[f.fieldId] = String(v);
  }
  return out;
}

/** The request type's priority field and the value for a normalized priority, if it has one. */
export function priorityValue(defs: JsmRequestTypeField[], names: string[]): unknown | null {
  const def = defs.find((d) => d.fieldId === 'priority');
  if (!def) return null;
  for (const n of names) {
    const hit = find(def.validValues, n);
    if (hit) return { id: hit.value };
  }
  return def.validValues?.length ? null : { name: names[0] };
}
