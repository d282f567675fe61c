// A small JSON Schema checker for the subset VALUES and the tool inputs use (type, enum, const,
// pattern, minLength, minimum, minItems, items, properties, required, additionalProperties, anyOf,
// $ref into $defs). It exists so that an MCP input is refused with the contract's error object
// (exit-2 class `usage`), naming the input and what it accepts.

import type { JsonSchema } from './json.js';

export interface SchemaProblem {
  path: string;
  message: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(t: string, v: unknown): boolean {
  const actual = typeOf(v);
  if (t === 'number') return actual === 'number' || actual === 'integer';
  return t === actual;
}

export function check(schema: JsonSchema, value: unknown, path = '', root: JsonSchema = schema): SchemaProblem | null {
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    const target = (root.$defs as Record<string, JsonSchema> | undefined)?.[name];
    if (target) {
      const p = check(target, value, path, root);
      if (p) return p;
    }
  }
  const where = path || 'input';
  if (s.anyOf) {
    const options = s.anyOf as JsonSchema[];
    if (!options.some((o) => check(o, value, path, root) === null)) {
      return { path: where, message: `${where} has an unexpected shape (${typeOf(value)}).` };
    }
  }
  if (typeof s.type === 'string' && !matchesType(s.type, value)) {
    return { path: where, message: `${where} must be ${s.type === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(s.type) ? 'n' : ''} ${s.type}`} (got ${typeOf(value)}).` };
  }
  if ('const' in s && value !== s.const) return { path: where, message: `${where} must be ${JSON.stringify(s.const)}.` };
  if (Array.isArray(s.enum) && !s.enum.includes(value)) {
    return { path: where, message: `${where}: "${String(value)}" is not one of ${(s.enum as unknown[]).join(', ')}.` };
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.trim().length < s.minLength) return { path: where, message: `${where} must not be empty.` };
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern).test(value)) {
      return { path: where, message: `${where}: "${value.slice(0, 60)}" is not valid${s.description ? ` (${String(s.description)})` : ''}.` };
    }
  }
  if (typeof value === 'number' && typeof s.minimum === 'number' && value < s.minimum) {
    return { path: where, message: `${where} must be ≥ ${s.minimum} (got ${value}).` };
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return { path: where, message: `${where} must have at least ${s.minItems} item(s).` };
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const p = check(s.items as JsonSchema, value[i], `${where}[${i}]`, root);
        if (p) return p;
      }
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const r of (s.required as string[] | undefined) ?? []) {
      if ((value as Record<string, unknown>)[r] === undefined) return { path: join(path, r), message: `${join(path, r)} is required.` };
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (props[k]) {
        const p = check(props[k], v, join(path, k), root);
        if (p) return p;
      } else if (s.additionalProperties === false) {
        const known = Object.keys(props);
        return { path: join(path, k), message: `${join(path, k)} is not an input of this tool${known.length ? ` (inputs: ${known.join(', ')})` : ''}.` };
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const p = check(s.additionalProperties as JsonSchema, v, join(path, k), root);
        if (p) return p;
      }
    }
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
