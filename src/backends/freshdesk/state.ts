// What every Freshdesk operation shares: the HTTP client and per-process caches (ticket fields,
// sections of the category field, status labels, the current agent).
import type { HttpClient } from '../../http/client.js';
import type { Category } from '../../model.js';
import { TicketError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { BackendContext } from '../context.js';
import { getJson } from './api.js';
import { buildCategories, categoryField, choiceValues, type FdField, type FdSection } from './fields.js';

export interface FdState {
  bc: BackendContext;
  http: HttpClient;
  origin: string;
  sleep: (ms: number) => Promise<void>;
  /** The custom field (cf_…) holding the category, or null when it is the ticket type. */
  categoryField: string | null;
  fields(): Promise<FdField[]>;
  categories(): Promise<Category[]>;
  statusLabels(): Promise<Map<number, string>>;
  me(): Promise<{ id: number; contact?: { name?: string; email?: string } }>;
}

export function createState(bc: BackendContext, http: HttpClient, origin: string, sleep: (ms: number) => Promise<void>): FdState {
  let fields: Promise<FdField[]> | null = null;
  let categories: Promise<Category[]> | null = null;
  let me: Promise<{ id: number; contact?: { name?: string; email?: string } }> | null = null;
  const cf = bc.profile.categoryField && bc.profile.categoryField !== 'ticket_type' && bc.profile.categoryField !== 'type' ? bc.profile.categoryField : null;
  const st: FdState = {
    bc,
    http,
    origin,
    sleep,
    categoryField: cf ? (cf.startsWith('cf_') ? cf : `cf_${cf}`) : null,
    fields() {
      fields ??= getJson<FdField[]>(http, 'ticket_fields', undefined, msg('err.what.ticketFields', { backend: 'Freshdesk' }));
      fields.catch(() => (fields = null));
      return fields;
    },
    categories() {
      categories ??= (async () => {
        const all = await st.fields();
        const cat = categoryField(all, st.categoryField ?? undefined);
        let sections: FdSection[] | null = cat?.sections ?? null;
        let withIds = cat;
        if (cat && !sections && cat.has_section) {
          // The section definitions (which choice shows which fields) come from the admin API.
          try {
            withIds = await getJson<FdField>(http, `admin/ticket_fields/${cat.id}`, { include: 'section' }, msg('err.what.sections', { backend: 'Freshdesk' }));
            sections = withIds.sections ?? [];
          } catch (e) {
            if (!(e instanceof TicketError) || !['permission', 'not_found', 'auth'].includes(e.code)) throw e;
            sections = null;
          }
        } else if (cat && !sections) sections = [];
        return buildCategories(all, withIds, sections);
      })();
      categories.catch(() => (categories = null));
      return categories;
    },
    async statusLabels() {
      const status = (await st.fields()).find((f) => f.name === 'status');
      const out = new Map<number, string>();
      const choices = status?.choices;
      if (choices && typeof choices === 'object' && !Array.isArray(choices)) {
        for (const [id, labels] of Object.entries(choices as Record<string, string[] | string>)) {
          out.set(Number(id), Array.isArray(labels) ? labels[0] : labels);
        }
      } else choiceValues(choices).forEach((v, i) => out.set(i + 2, v));
      return out;
    },
    me() {
      me ??= getJson(http, 'agents/me', undefined, msg('err.what.currentAgent', { backend: 'Freshdesk' }));
      me.catch(() => (me = null));
      return me;
    },
  };
  return st;
}
