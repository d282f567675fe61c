// The Zendesk adapter: agent profiles use the Tickets API, end-user profiles (mode end-user) the
// Requests API. See docs/zendesk.md for the mapping decisions.
import type { Backend, BackendCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Person } from '../../model.js';
import { AuthError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { resolveCategory } from '../../forms/validate.js';
import { zendeskHttp, zendeskOrigin } from './api.js';
import { bulkUpdate, MAX_BULK } from './bulk.js';
import { createTicket } from './create.js';
import { categoryFromForm, defaultCategory } from './fields.js';
import { zendeskHealth } from './health.js';
import { zendeskWriteCapabilities } from './capabilities.js';
import { getArticle, searchKb } from './kb.js';
import { createState } from './state.js';
import { openZendeskAttachment } from './download.js';
import { findByDedupeKey, getTicket, listTickets, reopen, reply, updateTicket } from './tickets.js';

export interface ZendeskOptions {
  /** Waits between job-status polls (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createZendeskBackend(bc: BackendContext, opts: ZendeskOptions = {}): Backend {
  const origin = zendeskOrigin(bc);
  const http = zendeskHttp(bc);
  const st = createState(bc, http, origin, opts.sleep ?? defaultSleep);
  const agent = st.mode === 'agent';
  const capabilities: BackendCapabilities = {
    idempotentCreate: true,
    bulk: agent ? 'job' : 'emulated',
    maxBulk: agent ? MAX_BULK : 1,
    // Zendesk stores longer subjects but its agent UI and notifications cut them at 150 characters.
    subjectMaxLength: 150,
    attachmentMaxBytes: 50 * 1024 * 1024,
    // The standard automation closes solved tickets after 4 days (admins may raise it to 28).
    reopenWindowDays: 4,
  };

  async function listCategories() {
    const [forms, catalog] = await Promise.all([st.forms(), st.catalog()]);
    if (!forms) return [defaultCategory(catalog, st.mode)];
    return forms.map((f) => categoryFromForm(f, catalog, st.mode));
  }

  const backend: Backend = {
    kind: 'zendesk',
    capabilities,
    listCategories,
    async getCategory(id) {
      return resolveCategory(await listCategories(), id);
    },
    searchKb: (query, o) => searchKb(st, query, o),
    getArticle: (id) => getArticle(st, id),
    createTicket: (input) => createTicket(st, input),
    listTickets: (filter) => listTickets(st, filter),
    getTicket: (id, o) => getTicket(st, id, o),
    reply: (id, input) => reply(st, id, input),
    updateTicket: (id, changes) => updateTicket(st, id, changes),
    reopen: (id, o) => reopen(st, id, o),
    findByDedupeKey: (key, o) => findByDedupeKey(st, key, o),
    writeCapabilities: (o) => zendeskWriteCapabilities(st, capabilities.reopenWindowDays ?? 4, o?.scope),
    health: () => zendeskHealth(bc),
    openAttachment: (id, a) => openZendeskAttachment(bc, id, a),
    async whoami(): Promise<Person> {
      const u = await st.me();
      if (u.id === null || u.id === undefined) {
        throw new AuthError(msg('err.zd.anonymous'), {
          hint: msg('err.zd.anonymous.hint'),
        });
      }
      return { name: u.name ?? null, email: u.email ?? null };
    },
    close: () => http.close(),
  };
  if (agent) backend.bulkUpdate = (items) => bulkUpdate(st, items);
  return backend;
}
