// The Jira Service Management adapter (Cloud servicedeskapi, with the Jira platform API where the
// account may use it: transitions with their targets, JQL, edits, labels, user lookup). See
// docs/jsm.md for the mapping decisions and what was not verified against a live site.
import { msg } from '../../i18n/msg.js';
import type { Backend, BackendCapabilities, WriteCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Person, Status } from '../../model.js';
import { STATUSES } from '../../model.js';
import { resolveCategory } from '../../forms/validate.js';
import { getJson } from './api.js';
import { jsmHttp, jsmOrigin } from './api.js';
import { createTicket, dedupeLabel } from './create.js';
import { jsmHealth } from './health.js';
import { getArticle, searchKb } from './kb.js';
import { mapStatus } from './mapping.js';
import { createState, type JsmState } from './state.js';
import { findByDedupeKey, getTicket, listTickets, reopen, reply, updateTicket } from './tickets.js';
import type { JsmServiceDesk } from './types.js';

/** The JSM backend also lists its service desks (`ticket init --desk`). */
export interface JsmBackend extends Backend {
  serviceDesks(): Promise<JsmServiceDesk[]>;
}

/** What each normalized status is called in JSM's default workflows, when the site cannot tell. */
const DEFAULT_NAMES: Record<Status, string> = {
  new: 'Waiting for support',
  open: 'In progress',
  pending: 'Waiting for customer',
  'on-hold': 'Pending',
  solved: 'Resolved',
  closed: 'Closed',
};

async function writeCapabilities(st: JsmState): Promise<WriteCapabilities> {
  const desk = await st.desk();
  const project = desk.projectKey ?? desk.projectId;
  const found = project
    ? await st.viaPlatform(() => getJson<{ statuses?: { name: string; statusCategory?: { key?: string } }[] }[]>(st.http, st.platform(`project/${encodeURIComponent(project)}/statuses`), undefined, msg('err.what.jiraStatuses')))
    : null;
  const statuses: WriteCapabilities['statuses'] = [];
  if (found) {
    for (const it of found) {
      for (const s of it.statuses ?? []) {
        const n = mapStatus(s.name, s.statusCategory?.key);
        if (!statuses.some((x) => x.status === n)) statuses.push({ status: n, backendStatus: s.name });
      }
    }
    statuses.sort((a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status));
  } else {
    for (const s of STATUSES) statuses.push({ status: s, backendStatus: DEFAULT_NAMES[s] });
  }
  const agent = st.platformAllowed() === true || found !== null;
  return {
    statuses,
    types: [],
    cc: true,
    // raiseOnBehalfOf: agents only (a portal customer files as themself); the request type may refuse it too.
    onBehalf: agent,
    // Tags are Jira labels: only an account with Jira access can set them.
    tags: agent,
    internalNotes: agent,
    reopenWindowDays: null,
    solve: 'per-ticket',
    notes: [
      'Statuses change through the request\'s transitions, chosen by the status category of their target; a request whose workflow offers no transition to the asked status answers exit 6.',
      'The ticket type is the request type (the category): --type is not stored.',
      'Priority is sent only where the request type has a priority field; elsewhere a priority other than normal is refused.',
      agent ? 'This account has Jira access: JQL (--query), edits and labels work.' : 'Without Jira access (portal customer): no --query, no field edits, transitions only when the request offers exactly one.',
    ],
  };
}

export function createJsmBackend(bc: BackendContext): JsmBackend {
  const origin = jsmOrigin(bc);
  const http = jsmHttp(bc);
  const st = createState(bc, http, origin);
  const capabilities: BackendCapabilities = {
    idempotentCreate: false,
    // servicedeskapi has no bulk endpoint: one transition per request, under the shared rate limit.
    bulk: 'emulated',
    maxBulk: 1,
    // Jira's summary field holds 255 characters.
    subjectMaxLength: 255,
    // Jira Cloud's default attachment limit (administrators may lower it).
    attachmentMaxBytes: 10 * 1024 * 1024,
    reopenWindowDays: null,
  };
  return {
    kind: 'jsm',
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
    findByDedupeKey: (key, o) => findByDedupeKey(st, dedupeLabel(key), o),
    writeCapabilities: () => writeCapabilities(st),
    health: () => jsmHealth(bc),
    async whoami(): Promise<Person> {
      const u = await st.me();
      return { name: u.displayName ?? null, email: u.emailAddress ?? bc.profile.user ?? null };
    },
    serviceDesks: () => st.desks(),
    close: () => http.close(),
  };
}
