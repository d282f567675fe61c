// The machine-readable contract, as JSON Schema (draft 2020-12), built from the model's own constants.
// One definition per value and per shape: `ticket schema`, the MCP tools' input and output schemas and
// the MCP input validation all read them; the CLI's flag parsers accept exactly these values
// (test/unit/schema/schema.test.ts checks both sides).

import { FIELD_TYPES, PRIORITIES, STATUSES, TICKET_TYPES } from '../model.js';
import { ExitCode } from '../errors.js';
import { PRIORITY_WORDS, foldWord } from '../i18n/priority.js';

export type JsonSchema = { [k: string]: unknown };

export const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

// ---- values (what a flag or a tool input accepts) ----

const str = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nonEmpty = (description?: string): JsonSchema => str(description, { minLength: 1 });

export const ID_PATTERN = '^#?[^\\s#]+$';

/** Every word `--priority` accepts (also without diacritics) → the priority it means. */
const PRIORITY_ALIASES: Record<string, string> = Object.fromEntries(
  PRIORITY_WORDS.flatMap(([w, p]) => [[w.toLowerCase(), p], [foldWord(w), p]]).filter(([w, p]) => w !== p),
);

/** A case-insensitive pattern for these words (the schema checker has no `i` flag). */
function anyCase(words: string[]): string {
  const esc = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const one = (w: string) => [...w].map((ch) => (ch.toLowerCase() === ch.toUpperCase() ? esc(ch) : `[${ch.toLowerCase()}${ch.toUpperCase()}]`)).join('');
  return `^\\s*(${words.map(one).join('|')})\\s*$`;
}

export const VALUES = {
  id: str('ticket id (as `ticket list` shows it)', { pattern: ID_PATTERN }),
  status: str('normalized status', { enum: [...STATUSES] }),
  statuses: { type: 'array', items: { type: 'string', enum: [...STATUSES] }, minItems: 1, description: 'any of these statuses' },
  closeStatus: str('solved or closed', { enum: ['solved', 'closed'] }),
  priority: str('priority (also accepted: medium and the portals\' words, see x-aliases)', { enum: [...PRIORITIES], 'x-aliases': PRIORITY_ALIASES }),
  /** A tool input: the priority or any word `--priority` accepts, in any case. */
  priorityWord: str(`priority: ${PRIORITIES.join(', ')}; also ${Object.keys(PRIORITY_ALIASES).join(', ')} (any case)`, {
    pattern: anyCase([...new Set([...PRIORITIES, ...Object.keys(PRIORITY_ALIASES)])]),
  }),
  type: str('ticket type', { enum: [...TICKET_TYPES] }),
  sort: str('newest first by', { enum: ['created', 'updated'] }),
  since: str('a duration (7d, 12h, 30m, 2w) or a date (2026-11-01)', { pattern: '^(\\d+\\s*[mhdw]|\\d{4}-\\d{2}-\\d{2}([T ].*)?)$' }),
  limit: { type: 'integer', minimum: 0, description: 'at most this many (0 = all)' },
  positive: { type: 'integer', minimum: 1 },
  email: str('e-mail address', { pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
  emails: { type: 'array', items: str(undefined, { pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }), description: 'e-mail addresses' },
  text: nonEmpty(),
  string: str(),
  strings: { type: 'array', items: { type: 'string' } },
  boolean: { type: 'boolean' },
  fieldMap: {
    type: 'object',
    description: 'category fields by key or label',
    additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
  },
  fieldPair: str('KEY=VALUE', { pattern: '^[^=]+=' }),
  format: str('output format', { enum: ['table', 'json', 'jsonl', 'csv'] }),
  lang: str('language', { enum: ['en', 'fr', 'ro'] }),
  fields: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'only these keys of each ticket, in this order' },
} satisfies Record<string, JsonSchema>;

export type ValueName = keyof typeof VALUES;

// ---- output shapes (the public JSON contract) ----

const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
/** A text per language: {"fr": "…", "ro": "…"}. */
const localized: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

const obj = (properties: Record<string, JsonSchema>, required: string[], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

export const TICKET_KEYS = [
  'id', 'url', 'subject', 'status', 'backendStatus', 'priority', 'type', 'category', 'requester', 'cc', 'tags', 'fields',
  'createdAt', 'updatedAt', 'comments', 'followUpOf',
] as const;

const fieldValue: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] };

export const SHAPES: Record<string, JsonSchema> = {
  Person: obj({ name: nullable({ type: 'string' }), email: nullable({ type: 'string' }) }, ['name', 'email']),
  Attachment: obj({ name: { type: 'string' }, size: { type: 'integer' }, url: nullable({ type: 'string' }) }, ['name', 'size', 'url']),
  Comment: obj(
    {
      id: { type: 'string' },
      author: ref('Person'),
      body: { type: 'string' },
      public: { type: 'boolean' },
      createdAt: { type: 'string' },
      attachments: { type: 'array', items: ref('Attachment') },
    },
    ['id', 'author', 'body', 'public', 'createdAt', 'attachments'],
  ),
  Ticket: obj(
    {
      id: { type: 'string' },
      url: nullable({ type: 'string' }),
      subject: { type: 'string' },
      status: { type: 'string', enum: [...STATUSES] },
      backendStatus: { type: 'string' },
      priority: { type: 'string', enum: [...PRIORITIES] },
      type: nullable({ type: 'string', enum: [...TICKET_TYPES] }),
      category: nullable({ type: 'string' }),
      requester: ref('Person'),
      cc: { type: 'array', items: { type: 'string' } },
      tags: { type: 'array', items: { type: 'string' } },
      fields: { type: 'object', additionalProperties: fieldValue },
      createdAt: { type: 'string' },
      updatedAt: { type: 'string' },
      comments: { type: 'array', items: ref('Comment') },
      followUpOf: { type: 'string' },
    },
    // With --fields only some keys are there: nothing is required of a projected ticket.
    [],
  ),
  /** A write's result: the ticket as the backend now has it, and what was done. */
  TicketResult: {
    allOf: [ref('Ticket')],
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['created', 'commented', 'updated', 'unchanged', 'closed', 'reopened', 'follow-up', 'replied'] },
      followUp: { type: 'boolean' },
    },
  },
  Field: obj(
    {
      key: { type: 'string' },
      label: { type: 'string' },
      type: { type: 'string', enum: [...FIELD_TYPES] },
      required: { type: 'boolean' },
      options: nullable({ type: 'array', items: { type: 'string' } }),
      pattern: nullable({ type: 'string' }),
      maxLength: nullable({ type: 'integer' }),
      dependsOn: nullable(obj({ field: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } }, ['field', 'values'])),
    },
    ['key', 'label', 'type', 'required', 'options', 'pattern', 'maxLength', 'dependsOn'],
  ),
  Category: obj(
    {
      id: { type: 'string' },
      name: { type: 'string' },
      description: nullable({ type: 'string' }),
      fields: { type: 'array', items: ref('Field') },
      // The same words in other languages (language code → text); name, label, options stay the base.
      translations: nullable({
        type: 'object',
        properties: {
          name: localized,
          description: localized,
          fields: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: { label: localized, hint: localized, options: { type: 'object', additionalProperties: localized } },
            },
          },
          checks: { type: 'object', additionalProperties: localized },
        },
      }),
    },
    ['id', 'name', 'fields'],
  ),
  Article: obj(
    {
      id: { type: 'string' },
      title: { type: 'string' },
      snippet: { type: 'string' },
      url: nullable({ type: 'string' }),
      locale: nullable({ type: 'string' }),
      score: { type: 'number' },
      body: { type: 'string' },
      format: { type: 'string', enum: ['markdown', 'html', 'text'] },
    },
    ['id', 'title', 'snippet', 'url', 'locale'],
  ),
  Reply: obj({ id: { type: 'string' }, comment: ref('Comment') }, ['id', 'comment']),
  BulkLine: obj(
    {
      id: { type: 'string' },
      ok: { type: 'boolean' },
      action: { type: 'string', enum: ['updated', 'unchanged', 'would-update', 'restored', 'would-restore'] },
      from: nullable({ type: 'string', enum: [...STATUSES] }),
      to: nullable({ type: 'string', enum: [...STATUSES] }),
      actual: {},
      priority: { type: 'string', enum: [...PRIORITIES] },
      error: ref('ErrorBody'),
    },
    ['id', 'ok'],
  ),
  ErrorBody: obj(
    {
      code: {
        type: 'string',
        enum: ['usage', 'validation', 'not_found', 'auth', 'permission', 'config', 'unavailable', 'rate_limited', 'conflict', 'not-applied', 'queued', 'partial', 'cancelled', 'internal'],
      },
      message: { type: 'string' },
      hint: nullable({ type: 'string' }),
      retryable: { type: 'boolean' },
      data: { type: 'object' },
    },
    ['code', 'message'],
  ),
  Error: obj({ error: ref('ErrorBody'), ticket: ref('Ticket') }, ['error']),
  JournalEntry: obj(
    {
      id: { type: 'string' },
      at: { type: 'string' },
      profile: nullable({ type: 'string' }),
      pid: { type: 'integer' },
      via: { type: 'string', enum: ['cli', 'mcp'] },
      op: { type: 'string' },
      run: { type: 'string' },
      ticket: { type: 'string' },
      before: { type: 'object' },
      after: { type: 'object' },
      commentId: { type: 'string' },
      bulkRun: { type: 'string' },
      undoOf: { type: 'string' },
    },
    ['id', 'at', 'profile', 'pid', 'via', 'op', 'ticket', 'before', 'after'],
  ),
  DryRun: obj({ dryRun: { const: true }, backend: { type: 'string' } }, ['dryRun']),
  UndoLine: obj(
    {
      id: { type: 'string' },
      ok: { type: 'boolean' },
      action: { type: 'string', enum: ['restored', 'unchanged', 'would-restore'] },
      from: nullable({ type: 'string', enum: [...STATUSES] }),
      to: nullable({ type: 'string', enum: [...STATUSES] }),
      kept: { type: 'array', items: { type: 'string' } },
      error: ref('ErrorBody'),
    },
    ['id', 'ok'],
  ),
};

/** A schema document for one shape, with the definitions it refers to. */
export function shapeSchema(root: JsonSchema, title?: string): JsonSchema {
  return { $schema: DIALECT, ...(title ? { title } : {}), ...root, $defs: SHAPES };
}

export const EXIT_CODES: Record<number, string> = {
  [ExitCode.ok]: 'success (an empty list too)',
  [ExitCode.failure]: 'unexpected failure',
  [ExitCode.usage]: 'usage or validation error: nothing was sent',
  [ExitCode.notFound]: 'not found',
  [ExitCode.auth]: 'authentication, permission or missing configuration',
  [ExitCode.unavailable]: 'backend unavailable: nothing was done',
  [ExitCode.notApplied]: 'not applied: the backend answered but did not do what was asked',
  [ExitCode.queued]: 'queued to the outbox',
  [ExitCode.partial]: 'partial: some items of a bulk operation failed',
  [ExitCode.cancelled]: 'cancelled by the user',
};
