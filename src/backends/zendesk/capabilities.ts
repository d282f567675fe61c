// What a write can set on this Zendesk account, read from the server: the ticket type system field
// (absent or inactive → no types), custom statuses when the account has them, and the Requests API's
// limits for end users (solve only where Zendesk allows it, with a comment). docs/zendesk.md.
import { msg } from '../../i18n/msg.js';
import type { WriteCapabilities } from '../backend.js';
import type { Status, TicketType } from '../../model.js';
import { getJson } from './api.js';
import { STATUS_FROM_ZENDESK, TYPE_FROM_ZENDESK } from './mapping.js';
import type { ZdState } from './state.js';

interface ZdCustomStatus {
  id: number;
  status_category: string;
  agent_label?: string;
  end_user_label?: string;
  active?: boolean;
  default?: boolean;
}

/** Agents can move a ticket to every standard status but back to "new". */
const AGENT_STATUSES: Status[] = ['open', 'pending', 'on-hold', 'solved', 'closed'];

const customCache = new WeakMap<ZdState, Promise<ZdCustomStatus[] | null>>();

/** Read once per process: an MCP session or a bulk run asks many times. */
function customStatuses(st: ZdState): Promise<ZdCustomStatus[] | null> {
  let p = customCache.get(st);
  if (!p) customCache.set(st, (p = readCustomStatuses(st)));
  return p;
}

async function readCustomStatuses(st: ZdState): Promise<ZdCustomStatus[] | null> {
  try {
    const page = await getJson<{ custom_statuses?: ZdCustomStatus[] }>(st.http, 'custom_statuses', { active: true }, msg('err.what.customStatuses', { backend: 'Zendesk' }));
    return (page.custom_statuses ?? []).filter((s) => s.active !== false);
  } catch {
    // Accounts without custom statuses (or agents who may not read them) have the standard ones; a
    // failed read only costs the labels, and the change itself says whether the server is there.
    return null;
  }
}

export async function zendeskWriteCapabilities(st: ZdState, reopenWindowDays: number, scope: 'create' | 'all' = 'all'): Promise<WriteCapabilities> {
  if (st.mode === 'end-user') {
    return {
      statuses: [{ status: 'solved', backendStatus: 'solved' }],
      types: [],
      cc: true,
      tags: false,
      internalNotes: false,
      reopenWindowDays,
      solve: 'per-ticket',
      notes: [
        'End users (Requests API) may only solve a request, and only where Zendesk sets can_be_solved_by_me; a solve needs a comment.',
        'A public comment on a solved request reopens it. Requests carry no tags.',
      ],
    };
  }
  // A create needs the types only: the custom statuses are read for status changes and doctor.
  const [catalog, custom] = await Promise.all([st.catalog(), scope === 'create' ? null : customStatuses(st)]);
  const typeField = [...catalog.byId.values()].find((f) => f.type === 'tickettype');
  const types: TicketType[] = [];
  if (typeField && typeField.active !== false) {
    for (const t of Object.values(TYPE_FROM_ZENDESK)) if (!types.includes(t)) types.push(t);
  }
  const labelOf = (s: Status): string => {
    const zd = Object.entries(STATUS_FROM_ZENDESK).find(([, v]) => v === s)?.[0] ?? s;
    const own = custom?.filter((c) => c.status_category === zd);
    return own?.find((c) => c.default)?.agent_label ?? own?.[0]?.agent_label ?? zd;
  };
  return {
    statuses: AGENT_STATUSES.map((status) => ({ status, backendStatus: labelOf(status) })),
    types,
    cc: true,
    // Agents' Tickets API takes a requester {name, email}; the end users' Requests API files as the user.
    onBehalf: true,
    internalNotes: true,
    reopenWindowDays,
    solve: 'always',
    notes: [
      'A ticket cannot go back to "new"; a closed ticket refuses every change (reopen opens a linked follow-up).',
      ...(typeField && typeField.active !== false ? [] : ['The ticket type field is inactive on this account: --type is refused.']),
    ],
  };
}
