// A loopback fake of Jira Service Management Cloud, just large enough for the adapter, end-to-end and
// bench runs. It serves the documented servicedeskapi shapes: `{size, start, limit, isLastPage,
// values}` pages (limit capped at 50, so clients must follow `start`), service desks, request type
// groups, request types and their fields (validValues, a cascading select with children, a required
// attachment field), customer requests with requestFieldValues / currentStatus / `{iso8601,
// epochMillis}` dates, public and internal comments, temporary attachments (multipart `file`, refused
// without `X-Atlassian-Token: no-check`), participants, customer transitions ({id, name} only), the
// knowledge base, /info (no login); and the Jira platform endpoints the adapter uses (myself,
// transitions with `to.statusCategory`, PUT issue, POST /search/jql with nextPageToken, user search,
// project statuses). Transition names are French on purpose: the adapter must choose by target.
// Misbehaviours on demand: 429 + Retry-After (first list, or a sliding-window rate limit with
// X-RateLimit-* headers), an expired API token (401), a portal-only customer (403 on the platform API).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsmFakeOptions {
  email?: string;
  token?: string;
  /** A token the fake treats as expired: 401 on every call (default "expired-token"). */
  expiredToken?: string;
  /** Accept this Data Center personal access token as Bearer. */
  pat?: string;
  /** Old requests to seed (for pagination), all in "Waiting for support". */
  seedRequests?: number;
  /** Answer the first GET /request with 429 Retry-After: 1. */
  throttleFirstList?: boolean;
  /** Sliding-window rate limit over every authenticated call (429s do not count). */
  rateLimit?: { limit: number; windowMs: number } | null;
  /** The account is a portal customer: the Jira platform API answers 403. */
  customerOnly?: boolean;
  /** A second service desk (init must then ask, or be told --desk). */
  twoDesks?: boolean;
}

type Json = Record<string, unknown>;

interface FakeUser {
  accountId: string;
  emailAddress: string;
  displayName: string;
}
interface FakeAttachment {
  filename: string;
  size: number;
  mimeType: string;
}
interface FakeComment {
  id: string;
  body: string;
  public: boolean;
  author: FakeUser;
  created: number;
  attachments: FakeAttachment[];
}
export interface FakeRequest {
  issueId: string;
  issueKey: string;
  requestTypeId: string;
  serviceDeskId: string;
  reporter: FakeUser;
  fields: Record<string, unknown>;
  status: string;
  statusDate: number;
  created: number;
  comments: FakeComment[];
  attachments: FakeAttachment[];
  participants: string[];
  labels: string[];
}

export interface JsmFake {
  url: string;
  email: string;
  token: string;
  requests: Map<string, FakeRequest>;
  log: { method: string; path: string; headers: Record<string, string>; body: unknown }[];
  counts: { requests: number; r429: number; transitions: number };
  /** Requests that arrived while a 429's Retry-After was still running (should be none). */
  violations: number;
  setStatus(key: string, status: string): void;
  close(): Promise<void>;
}

export const STATUSES: Record<string, { id: string; category: 'NEW' | 'INDETERMINATE' | 'DONE' }> = {
  'Waiting for support': { id: '1', category: 'NEW' },
  'En cours': { id: '3', category: 'INDETERMINATE' },
  'Waiting for customer': { id: '10', category: 'INDETERMINATE' },
  Pending: { id: '11', category: 'INDETERMINATE' },
  Resolved: { id: '5', category: 'DONE' },
  Closed: { id: '6', category: 'DONE' },
};

/** The workflow: from status → [transition id, (French) name, target]. Closed is terminal. */
export const WORKFLOW: Record<string, [string, string, string][]> = {
  'Waiting for support': [
    ['11', 'Commencer', 'En cours'],
    ['21', 'Répondre au client', 'Waiting for customer'],
    ['31', 'Résoudre', 'Resolved'],
  ],
  'En cours': [
    ['21', 'Répondre au client', 'Waiting for customer'],
    ['41', 'Mettre en attente', 'Pending'],
    ['31', 'Résoudre', 'Resolved'],
  ],
  'Waiting for customer': [
    ['51', 'Répondre au support', 'En cours'],
    ['31', 'Résoudre', 'Resolved'],
  ],
  Pending: [
    ['61', 'Reprendre', 'En cours'],
    ['31', 'Résoudre', 'Resolved'],
  ],
  Resolved: [
    ['71', 'Rouvrir', 'En cours'],
    ['81', 'Clôturer', 'Closed'],
  ],
  Closed: [],
};
/** What a portal customer may run (servicedeskapi customer transitions). */
const CUSTOMER_TRANSITIONS = new Set(['31', '51', '71']);

const str = (fieldId: string, name: string, required: boolean, custom = 'com.atlassian.jira.plugin.system.customfieldtypes:textfield') => ({
  fieldId,
  name,
  description: '',
  required,
  visible: true,
  jiraSchema: { type: 'string', custom, customId: Number(fieldId.replace(/\D/g, '')) || undefined },
  validValues: [],
  presetValues: [],
  defaultValues: [],
});
const opt = (fieldId: string, name: string, required: boolean, values: [string, string][]) => ({
  fieldId,
  name,
  description: '',
  required,
  visible: true,
  jiraSchema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: Number(fieldId.replace(/\D/g, '')) },
  validValues: values.map(([value, label]) => ({ value, label, children: [] })),
  presetValues: [],
  defaultValues: [],
});
const SUMMARY = { fieldId: 'summary', name: 'Résumé', required: true, visible: true, jiraSchema: { type: 'string', system: 'summary' }, validValues: [] };
const DESCRIPTION = { fieldId: 'description', name: 'Description', required: true, visible: true, jiraSchema: { type: 'string', system: 'description' }, validValues: [] };
const PRIORITY = {
  fieldId: 'priority',
  name: 'Priorité',
  required: false,
  visible: true,
  jiraSchema: { type: 'priority', system: 'priority' },
  validValues: [
    { value: '1', label: 'Highest', children: [] },
    { value: '2', label: 'High', children: [] },
    { value: '3', label: 'Medium', children: [] },
    { value: '4', label: 'Low', children: [] },
    { value: '5', label: 'Lowest', children: [] },
  ],
};
const attachment = (required: boolean) => ({ fieldId: 'attachment', name: 'Pièces jointes', required, visible: true, jiraSchema: { type: 'array', items: 'attachment', system: 'attachment' }, validValues: [] });

export const REQUEST_TYPES = [
  { id: '10', name: 'IT support', description: 'Poste de travail, réseau, comptes.', helpText: '', issueTypeId: '10001', serviceDeskId: '1', groupIds: ['2'] },
  { id: '11', name: 'DMS', description: 'Le logiciel de gestion de concession.', helpText: '', issueTypeId: '10002', serviceDeskId: '1', groupIds: ['1'] },
  { id: '12', name: "Problème d'affichage", description: 'Joignez une capture d’écran.', helpText: '', issueTypeId: '10002', serviceDeskId: '1', groupIds: ['1'] },
];
const GROUPS = [
  { id: '1', name: 'Logiciels' },
  { id: '2', name: 'Général' },
];
export const FIELDS: Record<string, Json[]> = {
  '10': [SUMMARY, DESCRIPTION, str('customfield_10060', 'Poste', false)],
  '11': [
    SUMMARY,
    DESCRIPTION,
    PRIORITY,
    str('customfield_10053', 'Société', false),
    opt('customfield_10050', 'Établissement', true, [
      ['10100', 'Paris'],
      ['10101', 'Lyon'],
      ['10102', 'Marseille'],
      ['10103', 'Bordeaux'],
    ]),
    opt('customfield_10051', 'Type de document', true, [
      ['10110', 'Commande atelier'],
      ['10111', 'Commande vente pièces'],
      ['10112', 'Facture'],
    ]),
    str('customfield_10052', 'Numéro de document', true),
    {
      fieldId: 'customfield_10054',
      name: 'Module',
      description: 'Où le problème se voit.',
      required: false,
      visible: true,
      jiraSchema: { type: 'option-with-child', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect', customId: 10054 },
      validValues: [
        { value: '10120', label: 'Atelier', children: [{ value: '10121', label: 'Planning', children: [] }, { value: '10122', label: 'Facturation', children: [] }] },
        { value: '10130', label: 'Pièces', children: [{ value: '10131', label: 'Stock', children: [] }, { value: '10132', label: 'Commandes', children: [] }] },
        { value: '10140', label: 'Autre', children: [] },
      ],
    },
    attachment(false),
  ],
  '12': [SUMMARY, DESCRIPTION, attachment(true)],
};

const ARTICLES = [
  { pageId: '98305', spaceKey: 'KB', title: 'Réinitialiser son mot de passe', body: '<p>Ouvrez le portail, cliquez sur <b>Mot de passe oublié</b> et suivez le lien reçu par e-mail.</p>' },
  { pageId: '98306', spaceKey: 'KB', title: 'Imprimer une commande atelier', body: '<p>Dans le DMS, ouvrez la commande atelier puis Fichier → Imprimer. Si le total est faux, recalculez la commande.</p>' },
];

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const jdate = (ms: number) => ({ iso8601: iso(ms), jira: iso(ms), friendly: 'Today', epochMillis: ms });
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export async function startJsmFake(opts: JsmFakeOptions = {}): Promise<JsmFake> {
  const email = opts.email ?? 'agent@example.com';
  const token = opts.token ?? 'jsm-api-token';
  const expiredToken = opts.expiredToken ?? 'expired-token';
  const users = new Map<string, FakeUser>();
  const me: FakeUser = { accountId: '5b10ac8d82e05b22cc7d4ef5', emailAddress: email, displayName: 'Ada Agent' };
  users.set(me.accountId, me);
  for (const [i, e] of ['boss@example.com', 'colleague@example.com'].entries()) users.set(`acc-${i + 1}`, { accountId: `acc-${i + 1}`, emailAddress: e, displayName: e.split('@')[0] });
  const desks = [{ id: '1', projectId: '10000', projectKey: 'SUP', projectName: 'Support' }];
  if (opts.twoDesks) desks.push({ id: '2', projectId: '10001', projectKey: 'HR', projectName: 'Ressources humaines' });
  const requests = new Map<string, FakeRequest>();
  const temps = new Map<string, FakeAttachment>();
  const log: JsmFake['log'] = [];
  const counts = { requests: 0, r429: 0, transitions: 0 };
  let violations = 0;
  let nextIssue = 1;
  let nextComment = 5000;
  let nextTemp = 1;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => (clock += 1000);
  let throttled = !opts.throttleFirstList;
  const window: number[] = [];
  let pausedUntil = 0;
  let pauseIssued = 0;
  let base = '';

  function newRequest(rtId: string, fields: Record<string, unknown>, reporter: FakeUser, participants: string[] = [], attachments: FakeAttachment[] = []): FakeRequest {
    const n = nextIssue++;
    const created = tick();
    const r: FakeRequest = {
      issueId: String(10000 + n),
      issueKey: `SUP-${n}`,
      requestTypeId: rtId,
      serviceDeskId: '1',
      reporter,
      fields,
      status: 'Waiting for support',
      statusDate: created,
      created,
      comments: [],
      attachments,
      participants,
      labels: [],
    };
    requests.set(r.issueKey, r);
    return r;
  }
  const other: FakeUser = { accountId: 'acc-old', emailAddress: 'old.customer@example.com', displayName: 'Old Customer' };
  for (let i = 0; i < (opts.seedRequests ?? 0); i++) newRequest('10', { summary: `Seeded request ${i + 1}`, description: `Seed ${i + 1}` }, i % 2 ? other : me);

  const find = (key: string) => requests.get(key.toUpperCase()) ?? [...requests.values()].find((r) => r.issueId === key);
  const activity = (r: FakeRequest) => r.comments.reduce((m, c) => Math.max(m, c.created), Math.max(r.created, r.statusDate));
  const option = (def: Json | undefined, id: string) => ((def?.validValues as { value: string; label: string; children?: { value: string; label: string }[] }[]) ?? []).find((v) => v.value === id);

  /** Stored Jira values → requestFieldValues as servicedeskapi shows them. */
  function fieldValues(r: FakeRequest): Json[] {
    const defs = FIELDS[r.requestTypeId] ?? [];
    const out: Json[] = [];
    for (const def of defs) {
      const id = def.fieldId as string;
      if (id === 'attachment') continue;
      const v = r.fields[id];
      if (v === undefined) continue;
      let value: unknown = v;
      if (id === 'priority') {
        const p = option(def, String((v as Json).id));
        value = { self: `${base}/rest/api/2/priority/${p?.value}`, name: p?.label, id: p?.value };
      } else if ((def.jiraSchema as Json).type === 'option') {
        const o = option(def, String((v as Json).id));
        value = { self: `${base}/rest/api/2/customFieldOption/${o?.value}`, value: o?.label, id: o?.value };
      } else if ((def.jiraSchema as Json).type === 'option-with-child') {
        const o = option(def, String((v as Json).id));
        const childId = ((v as Json).child as Json | undefined)?.id;
        const c = o?.children?.find((x) => x.value === childId);
        value = { value: o?.label, id: o?.value, ...(c ? { child: { value: c.label, id: c.value } } : {}) };
      }
      out.push({ fieldId: id, label: def.name, value });
    }
    // Labels are not a field of these request types: servicedeskapi does not show them.
    return out;
  }

  function requestJson(r: FakeRequest, expand: string[]): Json {
    const out: Json = {
      _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
      issueId: r.issueId,
      issueKey: r.issueKey,
      requestTypeId: r.requestTypeId,
      serviceDeskId: r.serviceDeskId,
      createdDate: jdate(r.created),
      reporter: { ...r.reporter, active: true, timeZone: 'Europe/Paris' },
      requestFieldValues: fieldValues(r),
      currentStatus: { status: r.status, statusCategory: STATUSES[r.status].category, statusDate: jdate(r.statusDate) },
      _links: { jiraRest: `${base}/rest/api/2/issue/${r.issueId}`, web: `${base}/servicedesk/customer/portal/1/${r.issueKey}`, self: `${base}/rest/servicedeskapi/request/${r.issueId}` },
    };
    if (expand.includes('participant')) {
      const list = r.participants.map((id) => users.get(id)!).filter(Boolean);
      out.requestParticipants = list;
    }
    return out;
  }
  const attachmentJson = (a: FakeAttachment, r: FakeRequest) => ({ filename: a.filename, size: a.size, mimeType: a.mimeType, author: me, created: jdate(r.created), _links: { content: `${base}/secure/attachment/1/${encodeURIComponent(a.filename)}` } });
  const commentJson = (c: FakeComment, r: FakeRequest) => ({
    id: c.id,
    body: c.body,
    public: c.public,
    author: c.author,
    created: jdate(c.created),
    attachments: page(c.attachments.map((a) => attachmentJson(a, r)), 0, 50),
  });

  function page(list: unknown[], start: number, limit: number): Json {
    const l = Math.max(1, Math.min(50, limit || 50));
    const values = list.slice(start, start + l);
    return { size: values.length, start, limit: l, isLastPage: start + values.length >= list.length, values, _links: { base, context: '' } };
  }
  const paged = (url: URL, list: unknown[]) => ({ status: 200, body: page(list, Number(url.searchParams.get('start') ?? 0), Number(url.searchParams.get('limit') ?? 50)) });

  function validate(rtId: string, values: Json): string[] {
    const defs = FIELDS[rtId] ?? [];
    const problems: string[] = [];
    for (const def of defs) {
      const id = def.fieldId as string;
      const v = values[id];
      const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);
      if (def.required && empty) problems.push(`${def.name}: ${id === 'attachment' ? 'Vous devez joindre un fichier.' : 'Ce champ est obligatoire.'}`);
      if (empty) continue;
      const type = (def.jiraSchema as Json).type;
      if (id === 'summary' && String(v).length > 255) problems.push(`${def.name}: 255 caractères au plus.`);
      if (id === 'attachment' && (v as string[]).some((t) => !temps.has(t))) problems.push(`${def.name}: fichier temporaire inconnu.`);
      if ((type === 'option' || type === 'priority') && !option(def, String((v as Json).id))) problems.push(`${def.name}: valeur non valide.`);
      if (type === 'option-with-child') {
        const o = option(def, String((v as Json).id));
        const child = ((v as Json).child as Json | undefined)?.id;
        if (!o || (child !== undefined && !o.children?.some((c) => c.value === child))) problems.push(`${def.name}: valeur non valide.`);
      }
    }
    for (const k of Object.keys(values)) if (!defs.some((d) => d.fieldId === k)) problems.push(`${k}: champ inconnu pour ce type de demande.`);
    return problems;
  }

  async function files(req: IncomingMessage, raw: Buffer): Promise<FakeAttachment[]> {
    const type = String(req.headers['content-type'] ?? '');
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
    const out: FakeAttachment[] = [];
    for (const [k, v] of form.entries()) if (k === 'file' && typeof v !== 'string') out.push({ filename: v.name, size: v.size, mimeType: v.type || 'application/octet-stream' });
    return out;
  }

  function jql(q: string): FakeRequest[] | string {
    let list = [...requests.values()];
    const where = q.replace(/\s+ORDER BY .*$/i, '').trim();
    for (const clause of where ? where.split(/\s+AND\s+/i) : []) {
      let m: RegExpExecArray | null;
      if ((m = /^labels\s*=\s*"?([^"]+)"?$/i.exec(clause))) list = list.filter((r) => r.labels.includes(m![1]));
      else if ((m = /^project\s*=\s*"?([^"]+)"?$/i.exec(clause))) list = list.filter(() => m![1].toUpperCase() === 'SUP');
      else if ((m = /^status\s*=\s*"([^"]+)"$/i.exec(clause))) list = list.filter((r) => fold(r.status) === fold(m![1]));
      else if ((m = /^statusCategory\s*=\s*"?([\w ]+?)"?$/i.exec(clause))) list = list.filter((r) => fold(STATUSES[r.status].category) === fold(m![1].replace(/^to do$/i, 'new').replace(/^in progress$/i, 'indeterminate')));
      else if ((m = /^key\s+in\s*\(([^)]*)\)$/i.exec(clause))) {
        const keys = m[1].split(',').map((s) => s.trim().replace(/"/g, '').toUpperCase());
        list = list.filter((r) => keys.includes(r.issueKey));
      } else if ((m = /^(summary|text)\s*~\s*"([^"]+)"$/i.exec(clause))) list = list.filter((r) => fold(String(r.fields.summary)).includes(fold(m![2])));
      else return `Error in the JQL Query: the clause '${clause}' is not understood.`;
    }
    return list.sort((a, b) => b.created - a.created);
  }

  function transition(r: FakeRequest, id: string): boolean {
    const t = WORKFLOW[r.status].find((x) => x[0] === id);
    if (!t) return false;
    r.status = t[2];
    r.statusDate = tick();
    counts.transitions++;
    return true;
  }

  async function route(req: IncomingMessage, url: URL, raw: Buffer): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = url.pathname;
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const json = (): Json => (raw.length ? JSON.parse(raw.toString('utf8')) : {});
    if (path === '/rest/servicedeskapi/info') {
      return { status: 200, body: { version: '10.3.0-OD-1001', platformVersion: '1001.0.0-SNAPSHOT', buildDate: jdate(clock), buildChangeSet: 'abc123', isLicensedForUse: true, _links: { self: `${base}/rest/servicedeskapi/info` } } };
    }
    const auth = String(req.headers.authorization ?? '');
    const basic = (secret: string) => 'Basic ' + Buffer.from(`${email}:${secret}`).toString('base64');
    if (auth === basic(expiredToken)) return { status: 401, body: { errorMessage: 'Client must be authenticated to access this resource.', i18nErrorMessage: { i18nKey: 'sd.auth.token.expired', parameters: [] } } };
    if (auth !== basic(token) && !(opts.pat && auth === `Bearer ${opts.pat}`)) return { status: 401, body: { errorMessage: 'Client must be authenticated to access this resource.' } };

    // The rate limit counts authenticated calls; a 429 means nothing was processed.
    const rl = opts.rateLimit;
    let rlHeaders: Record<string, string> = {};
    if (rl) {
      const t = Date.now();
      // Requests already on their way when the 429 went out are not violations.
      if (t > pauseIssued + 100 && t < pausedUntil - 50) violations++;
      while (window.length && window[0] <= t - rl.windowMs) window.shift();
      if (window.length >= rl.limit) {
        const waitMs = window[0] + rl.windowMs - t;
        if (t >= pausedUntil) pauseIssued = t;
        pausedUntil = Math.max(pausedUntil, t + waitMs);
        counts.r429++;
        return {
          status: 429,
          body: { errorMessage: 'Rate limit exceeded.' },
          headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), 'x-ratelimit-limit': String(rl.limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(t + waitMs).toISOString(), 'ratelimit-reason': 'jira-burst-based' },
        };
      }
      window.push(t);
      const remaining = rl.limit - window.length;
      rlHeaders = { 'x-ratelimit-limit': String(rl.limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-nearlimit': String(remaining < rl.limit * 0.2) };
    }
    const withRl = <T extends { status: number; body: unknown; headers?: Record<string, string> }>(r: T) => ({ ...r, headers: { ...rlHeaders, ...(r.headers ?? {}) } });
    const m = (re: RegExp) => re.exec(path);
    let hit: RegExpExecArray | null;

    // ---- Jira platform API
    if ((hit = m(/^\/rest\/api\/[23]\/(.*)$/))) {
      if (opts.customerOnly) return withRl({ status: 403, body: { errorMessages: ['You do not have the permission to see the specified issue.'], errors: {} } });
      const rest = hit[1];
      if (rest === 'myself') return withRl({ status: 200, body: { ...me, active: true, accountType: 'atlassian' } });
      if (rest === 'user/search') {
        const needle = (q.get('query') ?? '').toLowerCase();
        return withRl({ status: 200, body: [...users.values()].filter((u) => u.emailAddress.toLowerCase().includes(needle) || u.displayName.toLowerCase().includes(needle)) });
      }
      if (rest === 'project/SUP/statuses' || rest === 'project/10000/statuses') {
        return withRl({ status: 200, body: [{ id: '10002', name: 'Service Request', subtask: false, statuses: Object.entries(STATUSES).map(([name, s]) => ({ id: s.id, name, statusCategory: { key: s.category === 'NEW' ? 'new' : s.category.toLowerCase(), name: s.category } })) }] });
      }
      if (rest === 'search/jql' && method === 'POST') {
        const b = json() as { jql: string; maxResults?: number; nextPageToken?: string };
        const found = jql(b.jql);
        if (typeof found === 'string') return withRl({ status: 400, body: { errorMessages: [found], errors: {} } });
        const start = Number(b.nextPageToken ?? 0);
        const max = Math.min(100, b.maxResults ?? 50);
        const issues = found.slice(start, start + max).map((r) => ({ id: r.issueId, key: r.issueKey }));
        const last = start + issues.length >= found.length;
        return withRl({ status: 200, body: { issues, isLast: last, ...(last ? {} : { nextPageToken: String(start + issues.length) }) } });
      }
      if (rest === 'search') return withRl({ status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'] } });
      if ((hit = /^issue\/([^/]+)\/transitions$/.exec(rest))) {
        const r = find(decodeURIComponent(hit[1]));
        if (!r) return withRl({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
        if (method === 'GET') {
          return withRl({
            status: 200,
            body: {
              expand: 'transitions',
              transitions: WORKFLOW[r.status].map(([id, name, to]) => ({
                id,
                name,
                hasScreen: false,
                isGlobal: false,
                to: { id: STATUSES[to].id, name: to, statusCategory: { key: STATUSES[to].category === 'NEW' ? 'new' : STATUSES[to].category.toLowerCase(), name: STATUSES[to].category } },
              })),
            },
          });
        }
        const b = json() as { transition?: { id?: string }; update?: { comment?: { add: { body: string } }[] } };
        if (!transition(r, String(b.transition?.id))) return withRl({ status: 400, body: { errorMessages: [`Transition id '${b.transition?.id}' is not valid for this issue.`], errors: {} } });
        for (const c of b.update?.comment ?? []) r.comments.push({ id: String(nextComment++), body: c.add.body, public: true, author: me, created: tick(), attachments: [] });
        return withRl({ status: 204, body: null });
      }
      if ((hit = /^issue\/([^/]+)$/.exec(rest)) && method === 'GET') {
        const r = find(decodeURIComponent(hit[1]));
        if (!r) return withRl({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
        return withRl({ status: 200, body: { id: r.issueId, key: r.issueKey, fields: { labels: [...r.labels], summary: r.fields.summary, status: { name: r.status } } } });
      }
      if ((hit = /^issue\/([^/]+)$/.exec(rest)) && method === 'PUT') {
        const r = find(decodeURIComponent(hit[1]));
        if (!r) return withRl({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
        const b = json() as { fields?: Json; update?: { labels?: { add?: string; remove?: string }[] } };
        const errors: Record<string, string> = {};
        for (const [k, v] of Object.entries(b.fields ?? {})) {
          const def = (FIELDS[r.requestTypeId] ?? []).find((d) => d.fieldId === k);
          if (!def) errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
          else if (['option', 'priority'].includes(String((def.jiraSchema as Json).type)) && !option(def, String((v as Json).id))) errors[k] = `Specify a valid value for ${def.name}`;
        }
        if (Object.keys(errors).length) return withRl({ status: 400, body: { errorMessages: [], errors } });
        Object.assign(r.fields, b.fields ?? {});
        for (const l of b.update?.labels ?? []) {
          if (l.add && !r.labels.includes(l.add)) r.labels.push(l.add);
          if (l.remove) r.labels = r.labels.filter((x) => x !== l.remove);
        }
        r.statusDate = tick();
        return withRl({ status: 204, body: null });
      }
      return withRl({ status: 404, body: { errorMessages: [`No route ${method} ${path}`] } });
    }

    if ((hit = m(/^\/wiki\/rest\/api\/content\/(\d+)$/))) {
      const a = ARTICLES.find((x) => x.pageId === hit![1]);
      if (!a) return withRl({ status: 404, body: { statusCode: 404, message: 'No content found with id' } });
      return withRl({ status: 200, body: { id: a.pageId, type: 'page', title: a.title, space: { key: a.spaceKey }, body: { view: { value: a.body, representation: 'view' } }, _links: { base: `${base}/wiki`, webui: `/spaces/${a.spaceKey}/pages/${a.pageId}` } } });
    }

    // ---- servicedeskapi
    const sd = '/rest/servicedeskapi';
    if (path === `${sd}/servicedesk`) return withRl(paged(url, desks));
    if ((hit = m(/^\/rest\/servicedeskapi\/servicedesk\/(\d+)(\/.*)?$/))) {
      const desk = desks.find((d) => d.id === hit![1]);
      if (!desk) return withRl({ status: 404, body: { errorMessage: 'The service desk does not exist.', i18nErrorMessage: { i18nKey: 'sd.servicedesk.error.notfound', parameters: [] } } });
      const sub = hit[2] ?? '';
      const types = desk.id === '1' ? REQUEST_TYPES : [];
      if (!sub) return withRl({ status: 200, body: desk });
      if (sub === '/requesttype') return withRl(paged(url, types));
      if (sub === '/requesttypegroup') return withRl(paged(url, desk.id === '1' ? GROUPS : []));
      const f = /^\/requesttype\/(\w+)\/field$/.exec(sub);
      if (f) {
        if (!FIELDS[f[1]] || desk.id !== '1') return withRl({ status: 404, body: { errorMessage: 'The request type does not exist.' } });
        return withRl({ status: 200, body: { canRaiseOnBehalfOf: !opts.customerOnly, canAddRequestParticipants: true, requestTypeFields: FIELDS[f[1]] } });
      }
      if (sub === '/attachTemporaryFile' && method === 'POST') {
        if (req.headers['x-atlassian-token'] !== 'no-check') return withRl({ status: 403, body: { errorMessage: 'XSRF check failed' } });
        const got = await files(req, raw);
        const out = got.map((a) => {
          const id = `temp${String(nextTemp++).padStart(6, '0')}`;
          temps.set(id, a);
          return { temporaryAttachmentId: id, fileName: a.filename };
        });
        return withRl({ status: 201, body: { temporaryAttachments: out } });
      }
      if (sub === '/knowledgebase/article') {
        const words = fold(q.get('query') ?? '').split(/\s+/).filter(Boolean);
        const hl = q.get('highlight') === 'true';
        const found = ARTICLES.filter((a) => words.some((w) => fold(a.title + ' ' + a.body).includes(w)));
        return withRl(
          paged(
            url,
            found.map((a) => ({
              title: hl ? a.title.replace(new RegExp(`(${words.join('|')})`, 'i'), '@@@hl@@@$1@@@endhl@@@') : a.title,
              excerpt: a.body.replace(/<[^>]+>/g, '').slice(0, 120),
              source: { type: 'confluence', pageId: a.pageId, spaceKey: a.spaceKey },
              content: { iframeSrc: `${base}/rest/servicedeskapi/knowledgebase/article/view/${a.pageId}` },
            })),
          ),
        );
      }
    }
    if (path === `${sd}/request` && method === 'GET') {
      if (!throttled) {
        throttled = true;
        return withRl({ status: 429, body: { errorMessage: 'Rate limit exceeded.' }, headers: { 'retry-after': '1', 'x-ratelimit-reset': new Date(Date.now() + 1000).toISOString(), 'ratelimit-reason': 'jira-burst-based' } });
      }
      let list = [...requests.values()];
      if (q.get('serviceDeskId')) list = list.filter((r) => r.serviceDeskId === q.get('serviceDeskId'));
      if (q.get('requestTypeId')) list = list.filter((r) => r.requestTypeId === q.get('requestTypeId'));
      if (q.get('requestOwnership') === 'OWNED_REQUESTS') list = list.filter((r) => r.reporter.accountId === me.accountId);
      const rs = q.get('requestStatus') ?? 'ALL_REQUESTS';
      if (rs === 'OPEN_REQUESTS') list = list.filter((r) => STATUSES[r.status].category !== 'DONE');
      if (rs === 'CLOSED_REQUESTS') list = list.filter((r) => STATUSES[r.status].category === 'DONE');
      const term = q.get('searchTerm');
      if (term) list = list.filter((r) => fold(String(r.fields.summary)).includes(fold(term)));
      list.sort((a, b) => activity(b) - activity(a) || b.created - a.created);
      const expand = (q.get('expand') ?? '').split(',');
      // Page first, then render: only the requests of this page are turned into JSON.
      const p = page(list, Number(q.get('start') ?? 0), Number(q.get('limit') ?? 50));
      return withRl({ status: 200, body: { ...p, values: (p.values as FakeRequest[]).map((r) => requestJson(r, expand)) } });
    }
    if (path === `${sd}/request` && method === 'POST') {
      const b = json() as { serviceDeskId?: string; requestTypeId?: string; requestFieldValues?: Json; requestParticipants?: string[]; raiseOnBehalfOf?: string };
      if (b.serviceDeskId !== '1' || !FIELDS[String(b.requestTypeId)]) return withRl({ status: 400, body: { errorMessage: 'The request type you are trying to use does not exist.', i18nErrorMessage: { i18nKey: 'sd.request.create.error.requesttype.notfound', parameters: [] } } });
      const values = b.requestFieldValues ?? {};
      const problems = validate(String(b.requestTypeId), values);
      if (problems.length) {
        return withRl({ status: 400, body: { errorMessage: `Votre demande n'a pas pu être créée. ${problems.join(' ')}`, i18nErrorMessage: { i18nKey: 'sd.validation.request.creation.failure.required.field', parameters: [] } } });
      }
      for (const p of b.requestParticipants ?? []) if (!users.has(p)) return withRl({ status: 400, body: { errorMessage: `Participant ${p} is not a customer of this service desk.` } });
      const { attachment: tempIds, ...fields } = values as Json & { attachment?: string[] };
      // raiseOnBehalfOf: agents only, and only for a known account.
      if (b.raiseOnBehalfOf !== undefined && (opts.customerOnly || !users.has(b.raiseOnBehalfOf))) {
        return withRl({ status: 400, body: { errorMessage: `You cannot raise a request on behalf of ${b.raiseOnBehalfOf}.` } });
      }
      const reporter = b.raiseOnBehalfOf !== undefined ? users.get(b.raiseOnBehalfOf)! : me;
      const r = newRequest(String(b.requestTypeId), fields, reporter, b.requestParticipants ?? [], (tempIds ?? []).map((t) => temps.get(t)!));
      return withRl({ status: 201, body: requestJson(r, []) });
    }
    if ((hit = m(/^\/rest\/servicedeskapi\/request\/([^/]+)(?:\/(\w+))?$/))) {
      const r = find(decodeURIComponent(hit[1]));
      if (!r) return withRl({ status: 404, body: { errorMessage: 'The request does not exist or you do not have permission to see it.', i18nErrorMessage: { i18nKey: 'sd.customerview.error.issueNotFound', parameters: [] } } });
      const sub = hit[2];
      if (!sub && method === 'GET') return withRl({ status: 200, body: requestJson(r, (q.get('expand') ?? '').split(',')) });
      if (sub === 'comment' && method === 'GET') {
        const pub = q.get('public') !== 'false';
        const internal = q.get('internal') !== 'false';
        return withRl(paged(url, r.comments.filter((c) => (c.public ? pub : internal)).map((c) => commentJson(c, r))));
      }
      if (sub === 'comment' && method === 'POST') {
        const b = json() as { body?: string; public?: boolean };
        if (!b.body) return withRl({ status: 400, body: { errorMessage: 'The comment body is required.' } });
        if (b.public === false && opts.customerOnly) return withRl({ status: 403, body: { errorMessage: 'Customers can only add public comments.' } });
        const c: FakeComment = { id: String(nextComment++), body: b.body, public: b.public !== false, author: me, created: tick(), attachments: [] };
        r.comments.push(c);
        return withRl({ status: 201, body: commentJson(c, r) });
      }
      if (sub === 'attachment' && method === 'GET') return withRl(paged(url, [...r.attachments, ...r.comments.flatMap((c) => c.attachments)].map((a) => attachmentJson(a, r))));
      if (sub === 'attachment' && method === 'POST') {
        const b = json() as { temporaryAttachmentIds?: string[]; public?: boolean; additionalComment?: { body?: string } };
        const atts = (b.temporaryAttachmentIds ?? []).map((t) => temps.get(t));
        if (!atts.length || atts.some((a) => !a)) return withRl({ status: 400, body: { errorMessage: 'The temporary attachment does not exist or has expired.' } });
        let comment: FakeComment | null = null;
        if (b.additionalComment?.body) {
          comment = { id: String(nextComment++), body: b.additionalComment.body, public: b.public !== false, author: me, created: tick(), attachments: atts as FakeAttachment[] };
          r.comments.push(comment);
        } else r.attachments.push(...(atts as FakeAttachment[]));
        return withRl({ status: 201, body: { ...(comment ? { comment: commentJson(comment, r) } : {}), attachments: page((atts as FakeAttachment[]).map((a) => attachmentJson(a, r)), 0, 50) } });
      }
      if (sub === 'transition' && method === 'GET') {
        return withRl(paged(url, WORKFLOW[r.status].filter((t) => CUSTOMER_TRANSITIONS.has(t[0])).map(([id, name]) => ({ id, name, _links: {} }))));
      }
      if (sub === 'transition' && method === 'POST') {
        const b = json() as { id?: string; additionalComment?: { body?: string } };
        if (!CUSTOMER_TRANSITIONS.has(String(b.id)) || !transition(r, String(b.id))) return withRl({ status: 400, body: { errorMessage: 'The transition is not valid for this request.' } });
        if (b.additionalComment?.body) r.comments.push({ id: String(nextComment++), body: b.additionalComment.body, public: true, author: me, created: tick(), attachments: [] });
        return withRl({ status: 204, body: null });
      }
      if (sub === 'participant') {
        if (method === 'GET') return withRl(paged(url, r.participants.map((id) => users.get(id))));
        const b = json() as { accountIds?: string[] };
        for (const id of b.accountIds ?? []) if (!users.has(id)) return withRl({ status: 400, body: { errorMessage: `User ${id} does not exist.` } });
        if (method === 'POST') r.participants = [...new Set([...r.participants, ...(b.accountIds ?? [])])];
        if (method === 'DELETE') r.participants = r.participants.filter((p) => !(b.accountIds ?? []).includes(p));
        return withRl(paged(url, r.participants.map((id) => users.get(id))));
      }
    }
    return withRl({ status: 404, body: { errorMessage: `No route ${method} ${path}` } });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', base);
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'x-atlassian-token', 'x-experimentalapi']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      let body: unknown = null;
      if (headers['content-type']?.includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
      else if (raw.length) body = `<${raw.length} bytes>`;
      log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers, body });
      counts.requests++;
      route(req, url, raw).then(
        (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json;charset=UTF-8', ...(r.headers ?? {}) });
          res.end(r.body === null ? '' : JSON.stringify(r.body));
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errorMessage: e.message }));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    email,
    token,
    requests,
    log,
    counts,
    get violations() {
      return violations;
    },
    setStatus(key, status) {
      const r = requests.get(key)!;
      r.status = status;
      r.statusDate = tick();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
