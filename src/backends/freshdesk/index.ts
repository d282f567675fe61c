// The Freshdesk adapter (API v2, as an agent: Freshdesk has no end-user API). See docs/freshdesk.md.
import type { Backend, BackendCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import { resolveCategory } from '../../forms/validate.js';
import { freshdeskHttp, freshdeskOrigin } from './api.js';
import { bulkUpdate, MAX_BULK } from './bulk.js';
import { createTicket, dedupeTag, idemTag } from './create.js';
import { freshdeskHealth } from './health.js';
import { freshdeskWriteCapabilities } from './capabilities.js';
import { getArticle, searchKb } from './kb.js';
import { createState } from './state.js';
import { findByTag, getTicket, listTickets, reopen, reply, updateTicket } from './tickets.js';

export interface FreshdeskOptions {
  /** Waits between job polls (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createFreshdeskBackend(bc: BackendContext, opts: FreshdeskOptions = {}): Backend {
  const origin = freshdeskOrigin(bc);
  const http = freshdeskHttp(bc);
  const st = createState(bc, http, origin, opts.sleep ?? defaultSleep);
  const capabilities: BackendCapabilities = {
    idempotentCreate: false,
    bulk: 'job',
    maxBulk: MAX_BULK,
    subjectMaxLength: 255,
    // All attachments of a ticket together may not exceed 20 MB.
    attachmentMaxBytes: 20 * 1024 * 1024,
    reopenWindowDays: null,
  };
  return {
    kind: 'freshdesk',
    capabilities,
    listCategories: () => st.categories(),
    async getCategory(id) {
      return resolveCategory(await st.categories(), id);
    },
    searchKb: (query, o) => searchKb(st, query, o),
    getArticle: (id) => getArticle(st, id),
    createTicket: (input) => createTicket(st, input),
    listTickets: (filter) => listTickets(st, filter),
    getTicket: (id, o) => getTicket(st, id, o),
    reply: (id, input) => reply(st, id, input),
    updateTicket: (id, changes) => updateTicket(st, id, changes),
    reopen: (id, o) => reopen(st, id, o),
    findByDedupeKey: (key, o) => findByTag(st, dedupeTag(key), Boolean(o?.includeClosed)),
    findByIdempotencyKey: (key) => findByTag(st, idemTag(key), true),
    bulkUpdate: (items) => bulkUpdate(st, items),
    writeCapabilities: () => freshdeskWriteCapabilities(st),
    health: () => freshdeskHealth(bc),
    async whoami() {
      const me = await st.me();
      return { name: me.contact?.name ?? null, email: me.contact?.email ?? null };
    },
    close: () => http.close(),
  };
}
