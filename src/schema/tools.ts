// The MCP tools (docs/agents.md): names, inputs (the flags' names in camelCase, values from
// VALUES), outputs (SHAPES) and truthful annotations. Read by the MCP server and by `ticket schema`.

import { SHAPES, VALUES, type JsonSchema } from './json.js';

import type { Operation } from '../backends/guard.js';

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolDef {
  name: string;
  /** The CLI command it mirrors (for `ticket schema` and the tests). */
  command: string;
  op: Operation | null;
  description: string;
  input: JsonSchema;
  output: JsonSchema;
  annotations: ToolAnnotations;
}

const input = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const with_ = (s: JsonSchema, description: string): JsonSchema => ({ ...s, description });
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const out = (root: JsonSchema, defs: string[]): JsonSchema => {
  // Only the definitions a schema refers to (transitively), so each tool's schema stands alone.
  const need = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')) {
          const n = x.slice(8);
          if (!need.has(n)) {
            need.add(n);
            walk(SHAPES[n]);
          }
        } else walk(x);
      }
    }
  };
  walk(root);
  for (const d of defs) need.add(d);
  return { ...root, $defs: Object.fromEntries([...need].sort().map((n) => [n, SHAPES[n]])) };
};

const filterProps: Record<string, JsonSchema> = {
  status: VALUES.statuses,
  category: with_(VALUES.text, 'only this category'),
  requester: with_(VALUES.email, 'filed by this person'),
  mine: with_(VALUES.boolean, 'filed by me'),
  since: VALUES.since,
  search: with_(VALUES.text, 'text in the subject or body'),
  query: with_(VALUES.text, 'backend-native query passed through (TicketSQL for RT, Zendesk search syntax...)'),
  limit: VALUES.limit,
  sort: VALUES.sort,
};
const dryRun = with_(VALUES.boolean, 'validate and say what would be done; nothing is written');
const id = VALUES.id;
const comment = with_(VALUES.text, 'a public comment added with the change');

const RO = (title: string): ToolAnnotations => ({ title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
const RW = (title: string, destructive: boolean, idempotent: boolean): ToolAnnotations => ({
  title,
  readOnlyHint: false,
  destructiveHint: destructive,
  idempotentHint: idempotent,
  openWorldHint: true,
});

const ticketResult = out({ ...ref('TicketResult'), type: 'object' }, []);

export const TOOLS: ToolDef[] = [
  {
    name: 'ticket_list',
    command: 'list',
    op: 'list',
    description: 'List tickets, newest first, with the `ticket list` filters. Result: {tickets: [Ticket]}.',
    input: input({ ...filterProps, fields: VALUES.fields }),
    output: out({ type: 'object', properties: { tickets: { type: 'array', items: ref('Ticket') } }, required: ['tickets'] }, []),
    annotations: RO('List tickets'),
  },
  {
    name: 'ticket_show',
    command: 'show',
    op: 'show',
    description: 'One ticket with its conversation (comments).',
    input: input({ id, fields: VALUES.fields }, ['id']),
    output: out({ ...ref('Ticket'), type: 'object' }, []),
    annotations: RO('Show a ticket'),
  },
  {
    name: 'ticket_create',
    command: 'create',
    op: 'create',
    description:
      'File a ticket. `fields` are the category\'s fields by key or label (see category_show). With dedupeKey, an open ticket with that key gets the body as a reply instead. With dryRun, validates and returns what would be sent.',
    input: input(
      {
        category: with_(VALUES.text, 'category id or name (categories_list)'),
        subject: with_(VALUES.text, 'short summary'),
        body: with_(VALUES.text, 'description'),
        priority: VALUES.priorityWord,
        type: VALUES.type,
        fields: VALUES.fieldMap,
        cc: VALUES.emails,
        tags: VALUES.strings,
        justification: with_(VALUES.text, 'why high/urgent'),
        dedupeKey: with_(VALUES.text, 'if an open ticket has this key, reply to it instead of creating'),
        dryRun,
      },
      ['category', 'subject', 'body'],
    ),
    output: out({ type: 'object', anyOf: [ref('TicketResult'), ref('DryRun')] }, []),
    annotations: RW('Create a ticket', false, false),
  },
  {
    name: 'ticket_reply',
    command: 'reply',
    op: 'reply',
    description: 'Add a public reply to a ticket. Result: {id, comment}.',
    input: input({ id, body: with_(VALUES.text, 'the reply'), dryRun }, ['id', 'body']),
    output: out({ type: 'object', anyOf: [ref('Reply'), ref('DryRun')] }, []),
    annotations: RW('Reply to a ticket', false, false),
  },
  {
    name: 'ticket_update',
    command: 'update',
    op: 'update',
    description: 'Change status, priority, fields or CCs of a ticket; the result is the ticket as the backend now has it.',
    input: input(
      { id, status: VALUES.status, priority: VALUES.priorityWord, fields: VALUES.fieldMap, addCc: VALUES.emails, comment, dryRun },
      ['id'],
    ),
    output: out({ type: 'object', anyOf: [ref('TicketResult'), ref('DryRun')] }, []),
    // Overwrites values; with a comment, a repeat adds the comment again.
    annotations: RW('Update a ticket', true, false),
  },
  {
    name: 'ticket_close',
    command: 'close',
    op: 'close',
    description: 'Mark a ticket solved, with an optional closing comment.',
    input: input({ id, comment, dryRun }, ['id']),
    output: out({ type: 'object', anyOf: [ref('TicketResult'), ref('DryRun')] }, []),
    annotations: RW('Close a ticket', true, false),
  },
  {
    name: 'ticket_reopen',
    command: 'reopen',
    op: 'reopen',
    description: 'Reactivate a solved/closed ticket; after the backend\'s window, a linked follow-up ticket is opened instead.',
    input: input({ id, comment, dryRun }, ['id']),
    output: out({ type: 'object', anyOf: [ref('TicketResult'), ref('DryRun')] }, []),
    annotations: RW('Reopen a ticket', false, false),
  },
  {
    name: 'ticket_bulk',
    command: 'bulk',
    op: 'bulk',
    description:
      'Change many tickets: targets from ids, a filter (the ticket_list keys) or a backend query. A ticket already in the target state is unchanged (its comment is not added again). Result: {results: [BulkLine], summary}.',
    input: input({
      ids: { type: 'array', items: VALUES.id, minItems: 1 },
      filter: input(filterProps),
      query: filterProps.query!,
      status: VALUES.status,
      priority: VALUES.priorityWord,
      comment,
      max: with_(VALUES.limit, 'refuse to touch more than this many tickets'),
      dryRun,
    }),
    output: out(
      {
        type: 'object',
        properties: {
          results: { type: 'array', items: ref('BulkLine') },
          summary: {
            type: 'object',
            properties: { updated: { type: 'integer' }, unchanged: { type: 'integer' }, failed: { type: 'integer' }, total: { type: 'integer' } },
          },
        },
        required: ['results'],
      },
      [],
    ),
    annotations: RW('Bulk-update tickets', true, true),
  },
  {
    name: 'categories_list',
    command: 'categories',
    op: null,
    description: 'Categories (the backend\'s queues, forms or request types).',
    input: input({}),
    output: out({ type: 'object', properties: { categories: { type: 'array', items: ref('Category') } }, required: ['categories'] }, []),
    annotations: RO('List categories'),
  },
  {
    name: 'category_show',
    command: 'categories',
    op: null,
    description: 'One category with its field schema (keys, types, options, patterns, dependencies).',
    input: input({ id: with_(VALUES.text, 'category id or name') }, ['id']),
    output: out({ ...ref('Category'), type: 'object' }, []),
    annotations: RO('Show a category'),
  },
  {
    name: 'kb_search',
    command: 'kb search',
    op: null,
    description: 'Search the knowledge base, best matches first. Result: {articles: [Article]}.',
    input: input({ query: with_(VALUES.text, 'words to look for'), category: with_(VALUES.text, 'prefer articles of this category'), limit: VALUES.positive }, ['query']),
    output: out({ type: 'object', properties: { articles: { type: 'array', items: ref('Article') } }, required: ['articles'] }, []),
    annotations: RO('Search the knowledge base'),
  },
  {
    name: 'kb_show',
    command: 'kb show',
    op: null,
    description: 'One knowledge-base article with its body.',
    input: input({ id: with_(VALUES.text, 'article id') }, ['id']),
    output: out({ ...ref('Article'), type: 'object' }, []),
    annotations: RO('Read an article'),
  },
];

export function toolByName(name: string): ToolDef | undefined {
  return TOOLS.find((t) => t.name === name);
}
