// Request Tracker 5 through REST 2.0 (docs/rt.md: the API facts we rely on and the mapping).
//
// api.ts: requests, authentication, error mapping; state.ts: queue and field schemas; mapping.ts:
// RT ↔ model; fields.ts, create.ts, tickets.ts, bulk.ts, kb.ts, health.ts: the operations.
// Lists fetch their columns in the same request (`fields=`), a ticket with its conversation in
// three parallel requests.
import type { Backend, BackendCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import { msg } from '../../i18n/msg.js';
import { checkId, createRtApi, ticketNotFound } from './api.js';
import { countRtTickets } from './count.js';
import { openRtAttachment } from './download.js';
import { bulkUpdate } from './bulk.js';
import { writeCapabilities } from './capabilities.js';
import { createTicket } from './create.js';
import { rtHealth, rtWhoami } from './health.js';
import { getArticle, searchKb } from './kb.js';
import { createRtState } from './state.js';
import { findByDedupeKey, findByIdempotencyKey, getTicket, listTickets, reopen, reply, updateTicket } from './tickets.js';

export { DEDUPE_CF, IDEM_CF, TYPE_CF } from './mapping.js';

export function createRtBackend(bc: BackendContext): Backend {
  const api = createRtApi(bc);
  const st = createRtState(api);
  const capabilities: BackendCapabilities = {
    idempotentCreate: false,
    bulk: 'native',
    maxBulk: 200,
    subjectMaxLength: 200,
    attachmentMaxBytes: 10 * 1024 * 1024,
    reopenWindowDays: null,
  };
  const lookUpIdempotencyKey = (key: string) => findByIdempotencyKey(st, key);
  let caps: ReturnType<typeof writeCapabilities> | null = null;

  const backend: Backend = {
    kind: 'rt',
    capabilities,
    async listCategories() {
      const qs = (await st.queues()).filter((q) => q.canCreate);
      return Promise.all(qs.map((q) => st.getCategory(q.name)));
    },
    getCategory: (id) => st.getCategory(id),
    searchKb: (query, o) => searchKb(st, query, o),
    getArticle: (id) => getArticle(st, id),
    createTicket: (input) => createTicket(st, input),
    listTickets: (filter) => listTickets(st, filter),
    getTicket: (id, o) => getTicket(st, id, o),
    reply: (id, input) => reply(st, id, input),
    updateTicket: (id, changes) => updateTicket(st, id, changes),
    reopen: (id, o) => reopen(st, id, o),
    findByDedupeKey: (key, o) => findByDedupeKey(st, key, o),
    /**
     * Offered only once this state dir has seen the IdempotencyKey field on the server (creates then
     * carry their key): otherwise RT cannot tell whether a create whose answer was lost went
     * through, and the outbox must say so (or be told `--force`) rather than hear "not created".
     */
    get findByIdempotencyKey() {
      return st.readSchema().idemField ? lookUpIdempotencyKey : undefined;
    },
    bulkUpdate: (items) => bulkUpdate(st, items),
    countTickets: (f) => countRtTickets((query) => api.json({ method: 'GET', path: 'tickets', query }, msg('err.what.countTickets', { backend: 'RT' })), f),
    openAttachment: (id, a) =>
      openRtAttachment(
        {
          root: api.root,
          auth: api.auth,
          debug: api.debug,
          timeoutMs: api.timeoutMs,
          // One authenticated request first: logs in or renews the session, and checks the ticket.
          ready: () => api.json({ method: 'GET', path: `ticket/${checkId(id)}` }, msg('err.what.readTicket', { id }), ticketNotFound(id)),
        },
        id,
        a,
      ),
    writeCapabilities() {
      caps ??= writeCapabilities(st);
      caps.catch(() => (caps = null));
      return caps;
    },
    health: () => rtHealth(api, bc),
    whoami: () => rtWhoami(api),
    close: () => api.close(),
  };
  return backend;
}
