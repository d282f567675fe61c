// A loopback fake of the Zendesk API v2, just large enough for the adapter and end-to-end tests:
// Tickets API (cursor pages), search (offset pages), comments, uploads, forms and fields, update_many
// with job statuses, Help Center search, users/me. Misbehaviours on demand: a 429 with Retry-After,
// closed tickets refusing updates with 422, an expired upload token, Idempotency-Key replays.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

const DATA = JSON.parse(readFileSync(new URL('../fixtures/zendesk/fake-data.json', import.meta.url), 'utf8')) as {
  ticket_fields: { id: number; type: string; custom_field_options?: { value: string }[] }[];
  ticket_forms: unknown[];
  articles: { id: number; title: string; locale: string; body: string }[];
};

export interface ZendeskFakeOptions {
  email?: string;
  token?: string;
  /** Old tickets to seed (for pagination), created before everything else. */
  seedTickets?: number;
  /** Seed one closed ticket (id 1) that refuses updates. */
  seedClosed?: boolean;
  /** Answer the first list/search request with 429 Retry-After: 1. */
  throttleFirstList?: boolean;
  /** Treat the first upload token as expired: a create that uses it gets 422. */
  expireFirstUpload?: boolean;
  /** Listen on this port (to come back where a previous fake was); default: any free port. */
  port?: number;
}

interface FakeComment {
  id: number;
  author_id: number;
  body: string;
  html_body: string;
  public: boolean;
  attachments: { id: number; file_name: string; size: number; content_url: string; content_type: string }[];
  created_at: string;
}
type FakeTicket = Record<string, unknown> & { id: number; status: string; comments: FakeComment[]; created_at: string };

export interface ZendeskFake {
  url: string;
  email: string;
  token: string;
  tickets: Map<number, FakeTicket>;
  /** Every request: method, path and query, the headers we care about, and the JSON body. */
  log: { method: string; path: string; headers: Record<string, string>; body: unknown }[];
  setStatus(id: number, status: string): void;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export async function startZendeskFake(opts: ZendeskFakeOptions = {}): Promise<ZendeskFake> {
  const email = opts.email ?? 'agent@example.com';
  const token = opts.token ?? 'zd-secret-token';
  const users = new Map<number, { id: number; name: string; email: string; role: string }>();
  users.set(1, { id: 1, name: 'Ada Agent', email, role: 'agent' });
  const userFor = (mail: string, name?: string) => {
    for (const u of users.values()) if (u.email === mail.toLowerCase()) return u.id;
    const id = users.size + 1;
    users.set(id, { id, name: name ?? mail.split('@')[0], email: mail.toLowerCase(), role: 'end-user' });
    return id;
  };
  const tickets = new Map<number, FakeTicket>();
  const uploads = new Map<string, FakeComment['attachments'][number]>();
  /** Uploaded bytes by token: content_url answers with a redirect to unauthenticated storage, as Zendesk does. */
  const files = new Map<string, Buffer>();
  let storageBase = '';
  const idem = new Map<string, { status: number; body: unknown }>();
  const jobs = new Map<string, { polls: number; results: unknown[] }>();
  const log: ZendeskFake['log'] = [];
  let nextId = 1;
  let nextComment = 1000;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.000Z$/, 'Z');
  let throttled = !opts.throttleFirstList;
  let expired: string | null = null;
  let uploadCount = 0;
  let requests = 0;
  let base = '';

  const comment = (author: number, body: string, isPublic: boolean, tokens: string[] = []): FakeComment => ({
    id: nextComment++,
    author_id: author,
    body,
    html_body: `<div class="zd-comment"><p>${esc(body).replace(/\n/g, '<br>')}</p></div>`,
    public: isPublic,
    attachments: tokens.map((t) => uploads.get(t)!).filter(Boolean),
    created_at: stamp(),
  });

  function newTicket(t: Record<string, unknown>, requester: number, tokens: string[] = []): FakeTicket {
    const c = (t.comment ?? {}) as { body?: string; public?: boolean };
    const id = nextId++;
    const created = stamp();
    const ticket: FakeTicket = {
      id,
      url: `${base}/api/v2/tickets/${id}.json`,
      subject: t.subject ?? '',
      raw_subject: t.subject ?? '',
      description: c.body ?? '',
      status: (t.status as string) ?? 'new',
      priority: (t.priority as string) ?? null,
      type: (t.type as string) ?? null,
      requester_id: requester,
      submitter_id: 1,
      assignee_id: null,
      email_cc_ids: ((t.email_ccs as { user_email: string }[]) ?? []).map((x) => userFor(x.user_email)),
      collaborator_ids: [],
      tags: [...new Set((t.tags as string[]) ?? [])],
      custom_fields: (t.custom_fields as unknown[]) ?? [],
      ticket_form_id: (t.ticket_form_id as number) ?? null,
      external_id: (t.external_id as string) ?? null,
      via: t.via_followup_source_id
        ? { channel: 'api', source: { rel: 'follow_up', from: { ticket_id: t.via_followup_source_id }, to: {} } }
        : { channel: 'api', source: { rel: null, from: {}, to: {} } },
      created_at: created,
      updated_at: created,
      comments: [comment(requester, c.body ?? '', true, tokens)],
    };
    tickets.set(id, ticket);
    return ticket;
  }

  for (let i = 0; i < (opts.seedTickets ?? 0); i++) {
    newTicket({ subject: `Seeded ticket ${i + 1}`, comment: { body: `Seed ${i + 1}` }, priority: 'low' }, userFor('old.customer@example.com'));
  }
  if (opts.seedClosed) {
    const t = newTicket({ subject: 'Printer jammed last year', comment: { body: 'It jams.' }, tags: ['legacy'] }, userFor('old.customer@example.com'));
    t.status = 'closed';
  }

  const pub = (t: FakeTicket) => {
    const { comments: _c, ...rest } = t;
    void _c;
    return rest;
  };
  const usersOf = (list: FakeTicket[]) => {
    const ids = new Set<number>();
    for (const t of list) {
      ids.add(t.requester_id as number);
      for (const id of t.email_cc_ids as number[]) ids.add(id);
      for (const c of t.comments) ids.add(c.author_id);
    }
    return [...ids].map((id) => users.get(id)).filter(Boolean);
  };
  const error = (status: number, body: unknown) => ({ status, body });
  const invalidField = (custom: { id: number; value: unknown }[] | undefined) => {
    for (const cf of custom ?? []) {
      const def = DATA.ticket_fields.find((f) => f.id === cf.id);
      if (!def) return `Unknown field ${cf.id}`;
      if ((def.type === 'tagger' || def.type === 'multiselect') && cf.value !== null) {
        const vals = Array.isArray(cf.value) ? cf.value : [cf.value];
        if (vals.some((v) => !def.custom_field_options!.some((o) => o.value === v))) return `Invalid option for field ${cf.id}`;
      }
    }
    return null;
  };
  const mergeCustom = (t: FakeTicket, custom: { id: number; value: unknown }[]) => {
    const cur = t.custom_fields as { id: number; value: unknown }[];
    for (const cf of custom) {
      const hit = cur.find((x) => x.id === cf.id);
      if (hit) hit.value = cf.value;
      else cur.push({ ...cf });
    }
  };

  function applyUpdate(t: FakeTicket, u: Record<string, unknown>): { status: number; body: unknown } | null {
    const onlyAllowed = Object.keys(u).every((k) => ['tags', 'additional_tags', 'subject', 'priority'].includes(k));
    if (t.status === 'closed' && !onlyAllowed) {
      return error(422, {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update' }] },
      });
    }
    const bad = invalidField(u.custom_fields as never);
    if (bad) return error(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: bad }] } });
    if (u.status) t.status = u.status as string;
    if (u.priority) t.priority = u.priority;
    if (u.subject) t.subject = t.raw_subject = u.subject;
    if (u.custom_fields) mergeCustom(t, u.custom_fields as never);
    if (u.additional_tags) t.tags = [...new Set([...(t.tags as string[]), ...(u.additional_tags as string[])])];
    for (const cc of (u.email_ccs as { user_email: string; action: string }[]) ?? []) {
      const id = userFor(cc.user_email);
      const cur = t.email_cc_ids as number[];
      t.email_cc_ids = cc.action === 'delete' ? cur.filter((x) => x !== id) : [...new Set([...cur, id])];
    }
    const c = u.comment as { body: string; public?: boolean; uploads?: string[] } | undefined;
    if (c) {
      t.comments.push(comment(1, c.body, c.public !== false, c.uploads ?? []));
      if (c.public !== false && !u.status && ['solved', 'pending', 'hold'].includes(t.status)) t.status = 'open';
    }
    t.updated_at = stamp();
    return null;
  }

  function search(q: string): FakeTicket[] {
    let list = [...tickets.values()];
    const re = /(\w+)(:|>|<)("[^"]*"|\S+)|"([^"]*)"|(\S+)/g;
    const statuses: string[] = [];
    for (const m of q.matchAll(re)) {
      if (m[1]) {
        const [key, op, raw] = [m[1], m[2], m[3].replace(/^"|"$/g, '')];
        if (key === 'type') continue;
        if (key === 'status' && op === ':') statuses.push(raw);
        else if (key === 'requester') {
          const id = raw === 'me' ? 1 : userFor(raw);
          list = list.filter((t) => t.requester_id === id);
        } else if (key === 'created') list = list.filter((t) => (op === '>' ? t.created_at > raw : t.created_at < raw));
        else if (key === 'tags') list = list.filter((t) => (t.tags as string[]).includes(raw));
        else if (key === 'subject') list = list.filter((t) => fold(String(t.subject)).includes(fold(raw)));
      } else {
        const text = fold(m[4] ?? m[5]);
        list = list.filter((t) => fold(`${t.subject} ${t.description}`).includes(text));
      }
    }
    if (statuses.length) list = list.filter((t) => statuses.includes(t.status));
    return list;
  }

  async function route(req: IncomingMessage, url: URL, raw: Buffer): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = url.pathname.replace(/\.json$/, '');
    const json = () => (raw.length ? JSON.parse(raw.toString('utf8')) : {});
    const m = (re: RegExp) => re.exec(path);
    const q = url.searchParams;
    if (req.headers.authorization !== 'Basic ' + Buffer.from(`${email}/token:${token}`).toString('base64')) {
      if (path === '/api/v2/users/me' && !req.headers.authorization) return { status: 200, body: { user: { id: null, name: 'Anonymous user', role: 'end-user' } } };
      return error(401, { error: "Couldn't authenticate you" });
    }
    if (path === '/api/v2/users/me') return { status: 200, body: { user: users.get(1) } };
    if (path === '/api/v2/ticket_fields') return { status: 200, body: { ticket_fields: DATA.ticket_fields, meta: { has_more: false }, links: { next: null } } };
    if (path === '/api/v2/ticket_forms') return { status: 200, body: { ticket_forms: DATA.ticket_forms } };
    if (path === '/api/v2/uploads' && req.method === 'POST') {
      const t = `tok${++uploadCount}x${Math.random().toString(36).slice(2, 8)}`;
      if (uploadCount === 1 && opts.expireFirstUpload) expired = t;
      const name = q.get('filename') ?? 'file';
      const att = { id: 7000 + uploadCount, file_name: name, size: raw.length, content_type: String(req.headers['content-type']), content_url: `${base}/attachments/token/${t}/?name=${encodeURIComponent(name)}` };
      uploads.set(t, att);
      files.set(t, raw);
      return { status: 201, body: { upload: { token: t, expires_at: stamp(), attachments: [att], attachment: att } } };
    }
    const isList = (path === '/api/v2/tickets' || path === '/api/v2/search') && req.method === 'GET';
    if (isList && !throttled) {
      throttled = true;
      return { status: 429, body: { error: 'APIRateLimitExceeded' }, headers: { 'retry-after': '1' } };
    }
    if (path === '/api/v2/tickets' && req.method === 'POST') {
      const key = req.headers['idempotency-key'] as string | undefined;
      if (key && idem.has(key)) return { ...idem.get(key)!, headers: { 'x-idempotency-lookup': 'hit' } };
      const t = json().ticket as Record<string, unknown>;
      const tokens = ((t.comment as { uploads?: string[] })?.uploads ?? []) as string[];
      if (tokens.some((x) => x === expired || !uploads.has(x))) {
        return error(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Uploads: token is invalid or has expired', error: 'InvalidValue' }] } });
      }
      const bad = invalidField(t.custom_fields as never);
      if (bad) return error(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: bad }] } });
      if (!t.subject || !(t.comment as { body?: string })?.body) return error(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Description: cannot be blank' }] } });
      const src = t.via_followup_source_id ? tickets.get(Number(t.via_followup_source_id)) : undefined;
      const requester = (t.requester_id as number) ?? ((t.requester as { email?: string })?.email ? userFor((t.requester as { email: string }).email, (t.requester as { name?: string }).name) : 1);
      if (src && !t.tags) t.tags = src.tags;
      const created = newTicket(t, requester, tokens);
      const res = { status: 201, body: { ticket: pub(created), audit: { events: [{ type: 'Comment', id: created.comments[0].id }] } } };
      if (key) idem.set(key, res);
      return { ...res, headers: { location: `${base}/api/v2/tickets/${created.id}.json`, ...(key ? { 'x-idempotency-lookup': 'miss' } : {}) } };
    }
    if (path === '/api/v2/tickets' && req.method === 'GET') {
      let list = [...tickets.values()];
      if (q.get('external_id')) list = list.filter((t) => t.external_id === q.get('external_id'));
      const sort = q.get('sort') ?? 'id';
      const desc = sort.startsWith('-');
      const field = sort.replace(/^-/, '');
      list.sort((a, b) => (field === 'updated_at' ? String(a.updated_at).localeCompare(String(b.updated_at)) : a.id - b.id) * (desc ? -1 : 1));
      const size = Math.min(100, Number(q.get('page[size]') ?? 100));
      const after = Number(q.get('page[after]') ?? 0);
      const page = list.slice(after, after + size);
      const more = after + size < list.length;
      const next = new URL(url.toString());
      next.searchParams.set('page[after]', String(after + size));
      return { status: 200, body: { tickets: page.map(pub), users: usersOf(page), meta: { has_more: more, after_cursor: more ? String(after + size) : null }, links: { next: more ? next.toString() : null } } };
    }
    if (path === '/api/v2/search') {
      const list = search(q.get('query') ?? '').sort((a, b) => b.id - a.id);
      const per = Math.min(100, Number(q.get('per_page') ?? 100));
      const pageNo = Number(q.get('page') ?? 1);
      const page = list.slice((pageNo - 1) * per, pageNo * per);
      const next = new URL(url.toString());
      next.searchParams.set('page', String(pageNo + 1));
      return { status: 200, body: { results: page.map((t) => ({ ...pub(t), result_type: 'ticket' })), users: usersOf(page), count: list.length, next_page: pageNo * per < list.length ? next.toString() : null } };
    }
    if (path === '/api/v2/tickets/show_many') {
      const list = (q.get('ids') ?? '').split(',').map(Number).map((id) => tickets.get(id)).filter((t): t is FakeTicket => Boolean(t));
      return { status: 200, body: { tickets: list.map(pub), users: usersOf(list) } };
    }
    if (path === '/api/v2/tickets/update_many' && req.method === 'PUT') {
      const results = (json().tickets as Record<string, unknown>[]).map(({ id, ...u }) => {
        const t = tickets.get(Number(id));
        if (!t) return { id, success: false, errors: 'RecordNotFound' };
        const err = applyUpdate(t, u);
        return err ? { id, success: false, errors: JSON.stringify(err.body) } : { id, action: 'update', success: true, status: 'Updated' };
      });
      const jobId = `job${jobs.size + 1}`;
      jobs.set(jobId, { polls: 0, results });
      return { status: 200, body: { job_status: { id: jobId, status: 'queued', url: `${base}/api/v2/job_statuses/${jobId}.json` } } };
    }
    let hit = m(/^\/api\/v2\/job_statuses\/(\w+)$/);
    if (hit) {
      const job = jobs.get(hit[1]);
      if (!job) return error(404, { error: 'RecordNotFound', description: 'Not found' });
      job.polls++;
      return { status: 200, body: { job_status: job.polls < 2 ? { id: hit[1], status: 'working', results: null } : { id: hit[1], status: 'completed', total: job.results.length, progress: job.results.length, results: job.results } } };
    }
    hit = m(/^\/api\/v2\/tickets\/(\d+)(\/comments)?$/);
    if (hit) {
      const t = tickets.get(Number(hit[1]));
      if (!t) return error(404, { error: 'RecordNotFound', description: 'Not found' });
      if (hit[2]) return { status: 200, body: { comments: t.comments, users: usersOf([t]), meta: { has_more: false }, links: { next: null } } };
      if (req.method === 'GET') return { status: 200, body: { ticket: pub(t), users: usersOf([t]) } };
      if (req.method === 'PUT') {
        const err = applyUpdate(t, json().ticket ?? {});
        if (err) return err;
        return { status: 200, body: { ticket: pub(t), audit: { events: [{ type: 'Comment', id: t.comments[t.comments.length - 1].id }] } } };
      }
    }
    // Requests API (end users): the same tickets, public comments only, no tags.
    const asRequest = (t: FakeTicket) => {
      const { tags: _t, external_id: _e, via, comments: _c, ...rest } = t;
      void _t, _e, _c;
      const from = (via as { source?: { from?: { ticket_id?: number } } }).source?.from?.ticket_id ?? null;
      return { ...rest, followup_source_id: from, can_be_solved_by_me: true };
    };
    if (path === '/api/v2/requests' && req.method === 'POST') {
      const r = json().request as Record<string, unknown>;
      const tokens = ((r.comment as { uploads?: string[] })?.uploads ?? []) as string[];
      const bad = invalidField(r.custom_fields as never);
      if (bad) return error(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: bad }] } });
      const t = newTicket({ ...r, email_ccs: ((r.collaborators as string[]) ?? []).map((e) => ({ user_email: e })) }, 1, tokens);
      return { status: 201, body: { request: asRequest(t) } };
    }
    if (path === '/api/v2/requests' || path === '/api/v2/requests/search') {
      const statuses = q.get('status')?.split(',');
      const text = fold(q.get('query') ?? '');
      const list = [...tickets.values()]
        .filter((t) => t.requester_id === 1 && (!statuses || statuses.includes(t.status)) && fold(`${t.subject} ${t.description}`).includes(text))
        .sort((a, b) => b.id - a.id);
      const per = Math.min(100, Number(q.get('per_page') ?? 100));
      const pageNo = Number(q.get('page') ?? 1);
      const page = list.slice((pageNo - 1) * per, pageNo * per);
      const next = new URL(url.toString());
      next.searchParams.set('page', String(pageNo + 1));
      return { status: 200, body: { requests: page.map(asRequest), users: usersOf(page), next_page: pageNo * per < list.length ? next.toString() : null } };
    }
    hit = m(/^\/api\/v2\/requests\/(\d+)(\/comments)?$/);
    if (hit) {
      const t = tickets.get(Number(hit[1]));
      if (!t || t.requester_id !== 1) return error(404, { error: 'RecordNotFound', description: 'Not found' });
      if (hit[2]) return { status: 200, body: { comments: t.comments.filter((c) => c.public), users: usersOf([t]), next_page: null } };
      if (req.method === 'GET') return { status: 200, body: { request: asRequest(t), users: usersOf([t]) } };
      const r = (json().request ?? {}) as { comment?: { body: string; uploads?: string[] }; solved?: boolean; email_ccs?: unknown };
      if (!r.comment && !r.solved && !r.email_ccs) return { status: 406, body: { error: 'CommentRequired', description: 'A comment is required to update your request.' } };
      const err = applyUpdate(t, { ...(r.comment ? { comment: { ...r.comment, public: true } } : {}), ...(r.solved ? { status: 'solved' } : {}), ...(r.email_ccs ? { email_ccs: r.email_ccs } : {}) });
      return err ?? { status: 200, body: { request: asRequest(t) } };
    }
    if (path === '/api/v2/help_center/articles/search') {
      const words = fold(q.get('query') ?? '').split(/\s+/).filter(Boolean);
      const locale = q.get('locale');
      const found = DATA.articles.filter((a) => (!locale || a.locale === locale) && words.some((w) => fold(a.title + ' ' + a.body).includes(w)));
      const results = found.map((a) => ({ ...a, html_url: `${base}/hc/articles/${a.id}`, result_type: 'article', snippet: esc(a.title).replace(new RegExp(`(${words.join('|')})`, 'i'), '<em>$1</em>') }));
      return { status: 200, body: { results, count: results.length, next_page: null } };
    }
    hit = m(/^\/api\/v2\/help_center\/articles\/(\d+)$/);
    if (hit) {
      const a = DATA.articles.find((x) => x.id === Number(hit![1]));
      return a ? { status: 200, body: { article: { ...a, html_url: `${base}/hc/articles/${a.id}` } } } : error(404, { error: 'RecordNotFound' });
    }
    return error(404, { error: 'InvalidEndpoint', description: `Not found: ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', base);
      // Attachment downloads: content_url (authenticated) → 302 to storage on another origin (as
      // Zendesk's signed download links are), which must get no credentials.
      const dl = /^\/attachments\/token\/([^/]+)\/?$/.exec(url.pathname);
      if (dl) {
        log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers.authorization ? { authorization: String(req.headers.authorization) } : {}, body: null });
        if (!files.has(dl[1])) res.writeHead(404).end();
        else res.writeHead(302, { location: `${storageBase}/storage/${dl[1]}` }).end();
        return;
      }
      let body: unknown = null;
      if (String(req.headers['content-type'] ?? '').includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'idempotency-key', 'content-type']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers, body });
      route(req, url, raw).then(
        (r) => {
          requests++;
          res.writeHead(r.status, {
            'content-type': 'application/json; charset=utf-8',
            'x-rate-limit': '700',
            'x-rate-limit-remaining': String(Math.max(1, 700 - requests)),
            ...(r.headers ?? {}),
          });
          res.end(r.body === null ? '' : JSON.stringify(r.body));
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'InternalError', description: e.message }));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const storage = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers.authorization ? { authorization: String(req.headers.authorization) } : {}, body: null });
    const bytes = files.get(/^\/storage\/([^/]+)$/.exec(url.pathname)?.[1] ?? '');
    if (!bytes) res.writeHead(404).end();
    else if (req.headers.authorization) res.writeHead(400).end('credentials sent to storage');
    else res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
  storageBase = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
  return {
    url: base,
    email,
    token,
    tickets,
    log,
    setStatus(id, status) {
      tickets.get(id)!.status = status;
    },
    close: () =>
      new Promise<void>((r) => {
        storage.closeAllConnections();
        storage.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
