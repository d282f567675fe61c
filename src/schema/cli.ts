// `ticket schema [command]`: every command, flag, argument, JSON output and exit code as JSON Schema
// (draft 2020-12), read from the real commander program and the value/shape definitions of json.ts.

import type { Command, Option } from 'commander';
import { DIALECT, EXIT_CODES, SHAPES, VALUES, type JsonSchema } from './json.js';
import { FIELD_NAMES } from '../io/fields.js';
import { STATUSES } from '../model.js';
import { ALLOW_VALUES } from '../backends/guard.js';
import { VERSION } from '../version.js';
import { TOOLS } from './tools.js';

const alt = (xs: readonly string[]) => xs.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const csvOf = (xs: readonly string[], description: string): JsonSchema => ({
  type: 'string',
  pattern: `^\\s*(${alt(xs)})\\s*(,\\s*(${alt(xs)})\\s*)*$`,
  description,
});

/** What each flag's value is, by the option's attribute name; `command:attr` wins over `attr`. */
export const FLAG_VALUES: Record<string, JsonSchema> = {
  status: VALUES.status,
  'list:status': csvOf(STATUSES, 'comma-separated statuses'),
  'bulk:whereStatus': csvOf(STATUSES, 'comma-separated statuses'),
  'bulk:setStatus': VALUES.status,
  'close:status': VALUES.closeStatus,
  priority: VALUES.priority,
  type: VALUES.type,
  sort: VALUES.sort,
  since: VALUES.since,
  limit: VALUES.limit,
  max: VALUES.limit,
  concurrency: VALUES.positive,
  format: VALUES.format,
  lang: VALUES.lang,
  requester: VALUES.email,
  cc: VALUES.email,
  addCc: VALUES.email,
  removeCc: VALUES.email,
  field: VALUES.fieldPair,
  fields: csvOf(FIELD_NAMES, 'comma-separated ticket keys'),
  ids: { type: 'string', pattern: '^[\\w.-]+(,[\\w.-]+)*$', description: 'comma-separated ticket ids' },
};

/** The JSON each command prints with --json (jsonLines: one object per line). */
const OUTPUTS: Record<string, { schema: JsonSchema; jsonLines?: boolean }> = {
  list: { schema: { type: 'array', items: { $ref: '#/$defs/Ticket' } } },
  show: { schema: { $ref: '#/$defs/Ticket' } },
  create: { schema: { anyOf: [{ $ref: '#/$defs/TicketResult' }, { $ref: '#/$defs/DryRun' }] } },
  new: { schema: { $ref: '#/$defs/TicketResult' } },
  reply: { schema: { $ref: '#/$defs/Reply' } },
  update: { schema: { $ref: '#/$defs/TicketResult' } },
  close: { schema: { $ref: '#/$defs/TicketResult' } },
  reopen: { schema: { $ref: '#/$defs/TicketResult' } },
  bulk: { schema: { $ref: '#/$defs/BulkLine' }, jsonLines: true },
  'ci-failure': { schema: { $ref: '#/$defs/BulkLine' }, jsonLines: true },
  categories: { schema: { anyOf: [{ type: 'array', items: { $ref: '#/$defs/Category' } }, { $ref: '#/$defs/Category' }] } },
  'kb search': { schema: { type: 'array', items: { $ref: '#/$defs/Article' } } },
  'kb show': { schema: { $ref: '#/$defs/Article' } },
  journal: { schema: { type: 'array', items: { $ref: '#/$defs/JournalEntry' } } },
  undo: { schema: { $ref: '#/$defs/UndoLine' }, jsonLines: true },
  'config set': { schema: { type: 'object', properties: { profile: { type: 'string' }, key: { type: 'string' }, value: {} } } },
};

/** Exit codes beyond 0/1/2/4 (every command can end with those). */
const EXITS: Record<string, number[]> = {
  list: [5], show: [3, 5], create: [5, 6, 7], new: [5, 6, 7, 130], reply: [3, 5, 6, 7], update: [3, 5, 6], close: [3, 5, 6, 7],
  reopen: [3, 5, 6], bulk: [5, 8, 130], 'ci-failure': [5, 7, 8], categories: [3, 5], 'kb search': [5], 'kb show': [3, 5],
  doctor: [5], init: [5, 130], undo: [3, 5, 8], 'outbox send': [5, 8], mcp: [],
};

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function optionSchema(path: string, opt: Option, repeatable: boolean): JsonSchema {
  const attr = opt.attributeName();
  const top = path.split(' ')[0];
  let value: JsonSchema;
  if (opt.isBoolean() || opt.negate) value = { type: 'boolean' };
  else if (opt.argChoices) value = { type: 'string', enum: [...opt.argChoices] };
  else value = FLAG_VALUES[`${path}:${attr}`] ?? FLAG_VALUES[`${top}:${attr}`] ?? FLAG_VALUES[attr] ?? { type: 'string' };
  if (path === 'config set' && attr === 'allow') value = csvOf(ALLOW_VALUES, 'allowed operations');
  const base: JsonSchema = repeatable ? { type: 'array', items: value } : { ...value };
  return {
    ...base,
    description: opt.description,
    'x-flag': opt.flags,
    ...(repeatable ? { 'x-repeatable': true } : {}),
    ...(opt.negate ? { 'x-negates': true } : {}),
    ...(defaultOf(opt) !== undefined ? { default: defaultOf(opt) } : {}),
  };
}

/** commander's default, or one the command documents itself (src/commands/help-text.ts documentDefault). */
function defaultOf(opt: Option): unknown {
  const d = opt.defaultValue ?? (opt as { documentedDefault?: unknown }).documentedDefault;
  return d !== undefined && typeof d !== 'object' ? d : undefined;
}

/** Is this option repeatable (its values collected into a list)? */
export type RepeatableTest = (opt: Option) => boolean;

function describe(cmd: Command, isRepeatable: RepeatableTest): JsonSchema {
  const path = commandPath(cmd);
  const properties: Record<string, JsonSchema> = {};
  for (const opt of cmd.options as Option[]) {
    if (opt.long === '--help') continue;
    properties[opt.attributeName()] = optionSchema(path, opt, isRepeatable(opt));
  }
  const args = cmd.registeredArguments.map((a) => ({
    name: a.name(),
    description: a.description,
    required: a.required,
    ...(a.variadic ? { variadic: true } : {}),
    schema: a.variadic ? { type: 'array', items: { type: 'string' }, minItems: a.required ? 1 : 0 } : path !== 'kb show' && a.name() === 'id' && ['show', 'reply', 'update', 'close', 'reopen', 'browse', 'download'].includes(path) ? VALUES.id : { type: 'string' },
  }));
  const out = OUTPUTS[path];
  return {
    description: cmd.description(),
    ...(cmd.aliases().length ? { aliases: cmd.aliases() } : {}),
    arguments: args,
    flags: { type: 'object', properties, additionalProperties: false },
    ...(out ? { output: out.schema, ...(out.jsonLines ? { outputJsonLines: true } : {}) } : {}),
    exitCodes: [...new Set([0, 1, 2, 4, ...(EXITS[path] ?? [])])].sort((a, b) => a - b),
    ...(cmd.commands.length ? { subcommands: cmd.commands.map((c) => c.name()) } : {}),
  };
}

/** All commands, depth first, as their paths. */
export function allCommands(program: Command): Command[] {
  const out: Command[] = [];
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      out.push(sub);
      walk(sub);
    }
  };
  walk(program);
  return out;
}

export function cliSchema(program: Command, isRepeatable: RepeatableTest, only?: string): JsonSchema {
  const commands: Record<string, JsonSchema> = {};
  for (const c of allCommands(program)) commands[commandPath(c)] = describe(c, isRepeatable);
  const globals = describe(program, isRepeatable);
  const doc: JsonSchema = {
    $schema: DIALECT,
    $id: 'https://ticket.invalid/schema.json',
    title: `ticket ${VERSION}: commands, flags, outputs and exit codes`,
    exitCodes: Object.fromEntries(Object.entries(EXIT_CODES).map(([k, v]) => [k, v])),
    globalFlags: globals.flags,
    commands,
    mcpTools: Object.fromEntries(TOOLS.map((t) => [t.name, { command: t.command, annotations: t.annotations, inputSchema: t.input, outputSchema: t.output }])),
    $defs: SHAPES,
  };
  if (!only) return doc;
  const byAlias = allCommands(program).find((c) => c.aliases().includes(only));
  const key = commands[only] ? only : byAlias ? commandPath(byAlias) : undefined;
  if (!key || !commands[key]) return { missing: only, known: Object.keys(commands) };
  return { $schema: DIALECT, title: `ticket ${key}`, exitCodes: doc.exitCodes, globalFlags: globals.flags, commands: { [key]: commands[key] }, $defs: SHAPES };
}
