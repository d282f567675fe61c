// The MCP tools' work: each input (already checked against its schema) goes through the CLI's own
// parsers (filters, statuses, CCs, fields) and the shared operations; each returns the JSON the
// matching `ticket … --json` prints. MCP needs an object as structured content: a list is
// {tickets: [...]} there, while the text content is the array itself.

import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import type { FieldValue, Status, TicketChanges } from '../model.js';
import { UsageError } from '../errors.js';
import { filterFrom, parseCc, parsePriority, parseStatus, parseType } from '../commands/shared/options.js';
import { parseId } from '../commands/shared/ids.js';
import { parseFields, pickFields } from '../io/fields.js';

export interface ToolOutput {
  structured: Record<string, unknown>;
  /** The text content when it differs from the structured one (the bare array of a list). */
  text?: unknown;
}

type Args = Record<string, unknown>;
export type Handler = (args: Args) => Promise<ToolOutput>;

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

function filterOf(a: Args, ctx: Context, defaultLimit: number) {
  return filterFrom(
    {
      status: Array.isArray(a.status) ? (a.status as string[]).join(',') : str(a.status),
      category: str(a.category),
      requester: str(a.requester),
      mine: a.mine === true ? true : undefined,
      since: str(a.since),
      search: str(a.search),
      query: str(a.query),
      limit: a.limit !== undefined ? String(a.limit) : undefined,
      sort: str(a.sort),
    },
    ctx.now(),
    defaultLimit,
  );
}

function fieldsOf(a: Args): string[] | null {
  return Array.isArray(a.fields) ? parseFields(a.fields as string[], 'fields') : null;
}

function fieldPairs(v: unknown): [string, FieldValue][] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, FieldValue>);
}

const result = (r: { ticket: object; action: string; followUp?: boolean; followUpOf?: string }) => {
  const { ticket, ...extra } = r;
  return { structured: { ...ticket, ...extra } };
};

export function createHandlers(ctx: Context, backend: () => Promise<Backend>): Record<string, Handler> {
  const write = () => import('../operations/write.js');

  const dryRunFor = async (b: Backend, id: string, what: Record<string, unknown>, status?: Status): Promise<ToolOutput> => {
    const { checkStatusWritable } = await write();
    await checkStatusWritable(b, status);
    const ticket = await b.getTicket(id, { comments: false });
    return { structured: { dryRun: true, backend: b.kind, id, ...what, ticket } };
  };

  return {
    async ticket_list(a) {
      const fields = fieldsOf(a);
      const filter = filterOf(a, ctx, 30);
      const tickets = (await (await backend()).listTickets(filter)).map((t) => pickFields(t, fields));
      return { structured: { tickets }, text: tickets };
    },

    async ticket_show(a) {
      const fields = fieldsOf(a);
      const t = await (await backend()).getTicket(parseId(String(a.id)), { comments: true });
      return { structured: pickFields(t, fields) as Record<string, unknown> };
    },

    async ticket_create(a) {
      const b = await backend();
      const { buildCreateInput } = await import('../commands/ticket/create.js');
      const priority = a.priority !== undefined ? parsePriority(String(a.priority)) : undefined;
      const input = await buildCreateInput(ctx, b, {
        category: String(a.category),
        subject: String(a.subject),
        body: String(a.body),
        priority,
        justification: str(a.justification),
        justifyAs: { flag: 'justification', ask: false },
        type: a.type !== undefined ? parseType(String(a.type)) : undefined,
        field: fieldPairs(a.fields).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`),
        cc: (a.cc as string[] | undefined) ?? undefined,
        tag: (a.tags as string[] | undefined) ?? undefined,
        dedupeKey: str(a.dedupeKey),
      });
      if (a.dryRun === true) {
        const { idempotencyKey: _k, ...shown } = input;
        void _k;
        return { structured: { dryRun: true, backend: b.kind, ticket: { ...shown, attachments: [] } } };
      }
      const { submitCreate } = await import('../operations/submit.js');
      // No outbox here: an agent is told the backend is unavailable and decides when to try again.
      const r = await submitCreate(ctx, b, input, { queue: false, origin: 'mcp', announce: false });
      return result({ ticket: r.ticket, action: r.action });
    },

    async ticket_reply(a) {
      const b = await backend();
      const id = parseId(String(a.id));
      const body = String(a.body);
      if (a.dryRun === true) return dryRunFor(b, id, { reply: { body } });
      const { replyOperation } = await write();
      const r = await replyOperation(ctx, b, id, { body, attachments: [] });
      return { structured: { ...r } };
    },

    async ticket_update(a) {
      const b = await backend();
      const id = parseId(String(a.id));
      const changes: TicketChanges = {};
      if (a.status !== undefined) changes.status = parseStatus(String(a.status), 'status');
      if (a.priority !== undefined) changes.priority = parsePriority(String(a.priority));
      if (a.addCc !== undefined) changes.addCc = parseCc(a.addCc as string[]);
      const pairs = fieldPairs(a.fields);
      const comment = typeof a.comment === 'string' && a.comment.trim() ? a.comment : null;
      if (!Object.keys(changes).length && !pairs.length && !comment) {
        throw new UsageError('ticket_update: nothing to change.', { hint: 'Give at least one of status, priority, fields, addCc, comment.' });
      }
      const { updateOperation, resolveFieldChanges, replyOperation } = await write();
      if (a.dryRun === true) {
        const out = await dryRunFor(b, id, { changes }, changes.status);
        if (pairs.length) {
          (out.structured.changes as TicketChanges).fields = await resolveFieldChanges(b, out.structured.ticket as never, pairs);
        }
        if (comment) out.structured.comment = comment;
        return out;
      }
      let r: { ticket: import('../model.js').Ticket; action: string } | null = null;
      if (Object.keys(changes).length || pairs.length) r = await updateOperation(b, id, { changes, fieldPairs: pairs });
      if (comment) {
        await replyOperation(ctx, b, id, { body: comment, attachments: [] });
        if (!r) r = { ticket: await b.getTicket(id, { comments: false }), action: 'replied' };
      }
      return result(r!);
    },

    async ticket_close(a) {
      const b = await backend();
      const id = parseId(String(a.id));
      const comment = typeof a.comment === 'string' ? a.comment : null;
      if (a.dryRun === true) return dryRunFor(b, id, { status: 'solved', comment }, 'solved');
      const { closeOperation } = await write();
      return result(await closeOperation(ctx, b, id, { status: 'solved', comment }));
    },

    async ticket_reopen(a) {
      const b = await backend();
      const id = parseId(String(a.id));
      const comment = typeof a.comment === 'string' ? a.comment : null;
      if (a.dryRun === true) return dryRunFor(b, id, { reopen: true, comment });
      const { reopenOperation } = await write();
      return result(await reopenOperation(b, id, { comment }));
    },

    async ticket_bulk(a) {
      const b = await backend();
      const { bulkOperation } = await import('../operations/bulk.js');
      const change: import('../operations/bulk.js').Change = {};
      if (a.status !== undefined) change.status = parseStatus(String(a.status), 'status');
      if (a.priority !== undefined) change.priority = parsePriority(String(a.priority));
      if (typeof a.comment === 'string') change.comment = a.comment;
      if (!Object.keys(change).length) throw new UsageError('ticket_bulk: nothing to change.', { hint: 'Give status, priority or comment.' });
      const filter = a.filter as Args | undefined;
      const sources = [a.ids !== undefined, filter !== undefined, a.query !== undefined].filter(Boolean).length;
      if (sources !== 1) throw new UsageError('ticket_bulk: give exactly one of ids, filter, query.', { hint: 'Nothing was changed.' });
      let targets: import('../operations/bulk.js').Target[];
      if (a.ids !== undefined) {
        targets = [...new Set((a.ids as string[]).map((x) => parseId(x)))].map((id) => ({ id, change: { ...change } }));
      } else {
        const list = await b.listTickets(filterOf(filter ?? { query: a.query }, ctx, 0));
        targets = list.map((t) => ({ id: t.id, change: { ...change }, current: t }));
      }
      const max = typeof a.max === 'number' ? a.max : null;
      if (max !== null && targets.length > max) {
        throw new UsageError(`This would touch ${targets.length} tickets, more than max ${max}. Nothing was changed.`, { hint: 'Narrow the targets, or raise max.', data: { targets: targets.length, max } });
      }
      const results: import('../operations/bulk.js').BulkLine[] = [];
      const r = await bulkOperation(b, targets, { dryRun: a.dryRun === true, concurrency: 8, onLine: (l) => results.push(l) });
      return { structured: { results, summary: { ...r.counts, total: targets.length } }, text: { results, summary: { ...r.counts, total: targets.length } } };
    },

    async categories_list() {
      return { structured: { categories: await (await backend()).listCategories() } };
    },

    async category_show(a) {
      const b = await backend();
      const { resolveCategory } = await import('../forms/validate.js');
      const summary = resolveCategory(await b.listCategories(), String(a.id));
      return { structured: { ...(await b.getCategory(summary.id)) } };
    },

    async kb_search(a) {
      const b = await backend();
      const articles = await b.searchKb(String(a.query), { category: str(a.category) ?? null, limit: typeof a.limit === 'number' ? a.limit : 5, lang: ctx.language() });
      return { structured: { articles }, text: articles };
    },

    async kb_show(a) {
      return { structured: { ...(await (await backend()).getArticle(String(a.id))) } };
    },
  };
}
