// What every JSM operation shares: the HTTP client, the service desk of the profile, and
// per-process caches (request types and groups, the fields of each request type, the current user,
// whether this account may use the Jira platform API).
import type { HttpClient } from '../../http/client.js';
import type { Category } from '../../model.js';
import { ConfigError, TicketError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import type { BackendContext } from '../context.js';
import { getJson, ok, paginate, platformPath } from './api.js';
import { byGroup, toCategory } from './fields.js';
import type { JsmRequestType, JsmRequestTypeField, JsmRequestTypeFields, JsmRequestTypeGroup, JsmServiceDesk, JsmUser } from './types.js';

export interface JsmState {
  bc: BackendContext;
  http: HttpClient;
  origin: string;
  desks(): Promise<JsmServiceDesk[]>;
  /** The profile's service desk (serviceDeskId: an id or a project key), or the only one. */
  desk(): Promise<JsmServiceDesk>;
  requestTypes(): Promise<JsmRequestType[]>;
  groups(): Promise<JsmRequestTypeGroup[]>;
  fieldsOf(requestTypeId: string): Promise<JsmRequestTypeFields>;
  categories(): Promise<Category[]>;
  /** The request type for a category id or name. */
  requestType(category: string): Promise<JsmRequestType>;
  me(): Promise<JsmUser>;
  /** A platform API URL (`/rest/api/{2|3}/…`) on this site. */
  platform(rest: string): string;
  /**
   * Run a platform API call; null when this account may not use it (a portal-only customer gets
   * 401/403/404 there), remembered for the rest of the process.
   */
  viaPlatform<T>(fn: () => Promise<T>): Promise<T | null>;
  platformAllowed(): boolean | null;
}

export function findDesk(desks: JsmServiceDesk[], want: string): JsmServiceDesk | undefined {
  return desks.find((d) => d.id === want) ?? desks.find((d) => fold(d.projectKey ?? '') === fold(want)) ?? desks.find((d) => fold(d.projectName ?? '') === fold(want));
}

export function deskLabel(d: JsmServiceDesk): string {
  return `${d.id} (${d.projectKey ?? '?'}: ${d.projectName ?? ''})`;
}

export function createState(bc: BackendContext, http: HttpClient, origin: string): JsmState {
  let desks: Promise<JsmServiceDesk[]> | null = null;
  let desk: Promise<JsmServiceDesk> | null = null;
  let types: Promise<JsmRequestType[]> | null = null;
  let groups: Promise<JsmRequestTypeGroup[]> | null = null;
  let categories: Promise<Category[]> | null = null;
  let me: Promise<JsmUser> | null = null;
  const fields = new Map<string, Promise<JsmRequestTypeFields>>();
  let platform: boolean | null = null;
  const memo = <T>(p: Promise<T>, reset: () => void): Promise<T> => {
    p.catch(reset);
    return p;
  };
  const st: JsmState = {
    bc,
    http,
    origin,
    desks() {
      desks ??= memo(
        (async () => {
          const all: JsmServiceDesk[] = [];
          await paginate<JsmServiceDesk>(http, 'servicedesk', {}, msg('err.what.jsm.desks'), (items) => {
            all.push(...items);
            return false;
          });
          return all;
        })(),
        () => (desks = null),
      );
      return desks;
    },
    desk() {
      desk ??= memo(
        (async () => {
          const want = bc.profile.serviceDeskId;
          if (want && /^\d+$/.test(want)) return getJson<JsmServiceDesk>(http, `servicedesk/${want}`, undefined, msg('err.what.jsm.desk', { id: want }));
          const all = await st.desks();
          if (want) {
            const hit = findDesk(all, want);
            if (!hit) throw new ConfigError(msg('err.jsm.noDeskOnSite', { desk: want }), { hint: msg('err.jsm.noDeskOnSite.hint', { list: all.map(deskLabel).join(', ') || msg('err.jsm.none') }) });
            return hit;
          }
          if (all.length === 1) return all[0];
          if (!all.length) throw new ConfigError(msg('err.jsm.noDesks'), { hint: msg('err.jsm.noDesks.hint') });
          throw new ConfigError(msg('err.jsm.whichDesk'), {
            hint: msg('err.jsm.whichDesk.hint', { list: all.map(deskLabel).join(', ') }),
          });
        })(),
        () => (desk = null),
      );
      return desk;
    },
    requestTypes() {
      types ??= memo(
        (async () => {
          const d = await st.desk();
          const all: JsmRequestType[] = [];
          await paginate<JsmRequestType>(http, `servicedesk/${d.id}/requesttype`, {}, msg('err.what.jsm.requestTypes'), (items) => {
            all.push(...items);
            return false;
          });
          return all;
        })(),
        () => (types = null),
      );
      return types;
    },
    groups() {
      groups ??= memo(
        (async () => {
          const d = await st.desk();
          const all: JsmRequestTypeGroup[] = [];
          try {
            await paginate<JsmRequestTypeGroup>(http, `servicedesk/${d.id}/requesttypegroup`, {}, msg('err.what.jsm.requestTypeGroups'), (items) => {
              all.push(...items);
              return false;
            });
          } catch (e) {
            // Older sites have no groups resource: the request types stay ungrouped.
            if (!(e instanceof TicketError && e.code === 'not_found')) throw e;
          }
          return all;
        })(),
        () => (groups = null),
      );
      return groups;
    },
    fieldsOf(id) {
      let p = fields.get(id);
      if (!p) {
        p = (async () => {
          const d = await st.desk();
          return getJson<JsmRequestTypeFields>(http, `servicedesk/${d.id}/requesttype/${encodeURIComponent(id)}/field`, undefined, msg('err.what.jsm.requestTypeFields', { id }));
        })();
        fields.set(id, p);
        p.catch(() => fields.delete(id));
      }
      return p;
    },
    categories() {
      categories ??= memo(
        (async () => {
          const [list, gs] = await Promise.all([st.requestTypes(), st.groups()]);
          const ordered = byGroup(list, gs);
          const defs = await Promise.all(ordered.map((rt) => st.fieldsOf(rt.id)));
          return ordered.map((rt, i) => toCategory(rt, defs[i].requestTypeFields ?? [], gs));
        })(),
        () => (categories = null),
      );
      return categories;
    },
    async requestType(category) {
      const list = await st.requestTypes();
      const hit = list.find((r) => String(r.id) === category) ?? list.find((r) => fold(r.name) === fold(category));
      if (!hit) {
        throw new ValidationError(msg('err.unknownCategory', { category }), {
          hint: msg('err.jsm.validCategories.hint', { list: list.map((r) => `${r.id} (${r.name})`).join(', ') }),
          data: { valid: list.map((r) => String(r.id)) },
        });
      }
      return hit;
    },
    me() {
      me ??= memo(
        (async () => {
          const res = await http.request({ method: 'GET', path: st.platform('myself') });
          if (res.status === 403 || res.status === 404) {
            // No platform access (a portal-only customer): prove the credentials on servicedeskapi.
            ok(await http.request({ method: 'GET', path: 'request', query: { limit: 1 } }), msg('err.what.currentUser', { backend: 'JSM' }));
            return { emailAddress: bc.profile.user ?? null, displayName: null };
          }
          return ok(res, msg('err.what.currentUser', { backend: 'JSM' })).json<JsmUser>();
        })(),
        () => (me = null),
      );
      return me;
    },
    platform: (rest) => platformPath(bc, origin, rest),
    async viaPlatform(fn) {
      if (platform === false) return null;
      try {
        const r = await fn();
        platform = true;
        return r;
      } catch (e) {
        // 403 (or 404 before the platform API ever answered): a portal-only customer. A 401 is an
        // expired or revoked token and fails everywhere: it is thrown, not taken for "no access".
        if (e instanceof TicketError && (e.code === 'permission' || (e.code === 'not_found' && platform === null))) {
          platform = false;
          return null;
        }
        throw e;
      }
    },
    platformAllowed: () => platform,
  };
  return st;
}

export type { JsmRequestTypeField };
