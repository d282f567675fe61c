// What every Zendesk operation shares: the HTTP client, the mode, and per-process caches of the
// ticket fields and forms (read once, on first use).
import type { HttpClient } from '../../http/client.js';
import type { BackendContext } from '../context.js';
import { getJson, paginate, type ZendeskMode } from './api.js';
import { FieldCatalog, type ZdField, type ZdForm } from './fields.js';
import type { ZdUser } from './mapping.js';
import { TicketError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';

export interface ZdState {
  bc: BackendContext;
  http: HttpClient;
  mode: ZendeskMode;
  origin: string;
  sleep: (ms: number) => Promise<void>;
  catalog(): Promise<FieldCatalog>;
  /** Active ticket forms visible to this user; null when the account has none or cannot list them. */
  forms(): Promise<ZdForm[] | null>;
  me(): Promise<ZdUser>;
}

export function createState(bc: BackendContext, http: HttpClient, origin: string, sleep: (ms: number) => Promise<void>): ZdState {
  const mode: ZendeskMode = bc.profile.mode === 'end-user' ? 'end-user' : 'agent';
  let catalog: Promise<FieldCatalog> | null = null;
  let forms: Promise<ZdForm[] | null> | null = null;
  let me: Promise<ZdUser> | null = null;
  const st: ZdState = {
    bc,
    http,
    mode,
    origin,
    sleep,
    catalog() {
      catalog ??= (async () => {
        const all: ZdField[] = [];
        await paginate<ZdField>(http, { path: 'ticket_fields', query: { 'page[size]': 100 } }, 'ticket_fields', msg('err.what.ticketFields', { backend: 'Zendesk' }), (items) => {
          all.push(...items);
          return false;
        });
        return new FieldCatalog(all);
      })();
      catalog.catch(() => (catalog = null));
      return catalog;
    },
    forms() {
      forms ??= (async () => {
        try {
          const page = await getJson<{ ticket_forms?: ZdForm[] }>(http, 'ticket_forms', { active: true }, msg('err.what.ticketForms', { backend: 'Zendesk' }));
          const list = (page.ticket_forms ?? [])
            .filter((f) => f.active !== false && (mode === 'agent' || f.end_user_visible))
            .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
          return list.length ? list : null;
        } catch (e) {
          // Ticket forms need a Growth/Enterprise plan; without them there is one default category.
          if (e instanceof TicketError && (e.code === 'not_found' || e.code === 'permission')) return null;
          throw e;
        }
      })();
      forms.catch(() => (forms = null));
      return forms;
    },
    me() {
      me ??= getJson<{ user: ZdUser }>(http, 'users/me', undefined, msg('err.what.currentUser', { backend: 'Zendesk' })).then((r) => r.user);
      me.catch(() => (me = null));
      return me;
    },
  };
  return st;
}
