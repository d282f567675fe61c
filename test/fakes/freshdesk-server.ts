// A loopback fake of the Freshdesk API v2, just large enough for the adapter and end-to-end tests:
// tickets (JSON and multipart), Link-header pages, conversations (reply vs note), ticket fields with
// sections and a nested field, bulk_update jobs, solutions search, search by tag, agents/me.
// Misbehaviours on demand: a 429 with Retry-After, an archived (read-only) ticket, a create whose
// answer is lost (the connection drops after the ticket was stored). Attachments are kept and served
// as Freshdesk documents them: `attachment_url` is a pre-signed link to file storage on another
// host (S3), valid for a few minutes, that wants no credentials.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

const DATA = JSON.parse(readFileSync(new URL('../fixtures/freshdesk/fake-data.json', import.meta.url), 'utf8')) as {
  ticket_fields: { id: number; name: string; type: string; choices?: unknown; required_for_agents?: boolean; regex?: { value: string }; section_mappings?: { section_id: number }[] }[];
  type_field_admin: { sections: { id: number; choice_ids: number[]; ticket_field_ids: number[] }[]; choices: { id: number; value: string }[] };
  solutions: { id: number; title: string; status: number; description: string; description_text: string }[];
};

export interface FreshdeskFakeOptions {
  apiKey?: string;
  agentEmail?: string;
  seedTickets?: number;
  /** Ticket 1 is archived: updates answer 404, GET /tickets/archived/1 works. */
  seedArchived?: boolean;
  throttleFirstList?: boolean;
  /** Store the first create, then drop the connection without answering. */
  dropFirstCreate?: boolean;
}

type Json = Record<string, unknown>;
type Ticket = Json & { id: number; status: number; tags: string[]; conversations: Json[]; created_at: string };

export interface FreshdeskFake {
  url: string;
  apiKey: string;
  agentEmail: string;
  tickets: Map<number, Ticket>;
  log: { method: string; path: string; headers: Record<string, string>; body: unknown }[];
  close(): Promise<void>;
}

const strip = (h: string) => h.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** JSON, or multipart turned into the same shape (`tags[]` → tags, `custom_fields[cf_x]` → custom_fields.cf_x). */
type File = { name: string; size: number; bytes: Buffer };

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ data: Json; files: File[] }> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) return { data: raw.length ? JSON.parse(raw.toString('utf8')) : {}, files: [] };
  const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
  const data: Json = {};
  const files: File[] = [];
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string') {
      files.push({ name: v.name, size: v.size, bytes: Buffer.from(await v.arrayBuffer()) });
      continue;
    }
    const m = /^(\w+)\[(\w*)\](\[\])?$/.exec(k);
    if (!m) data[k] = /^\d+$/.test(v) && ['status', 'priority'].includes(k) ? Number(v) : v;
    else if (!m[2]) ((data[m[1]] ??= []) as string[]).push(v);
    else ((data[m[1]] ??= {}) as Json)[m[2]] = v;
  }
  return { data, files };
}

export async function startFreshdeskFake(opts: FreshdeskFakeOptions = {}): Promise<FreshdeskFake> {
  const apiKey = opts.apiKey ?? 'fd-api-key';
  const agentEmail = opts.agentEmail ?? 'agent@example.com';
  const tickets = new Map<number, Ticket>();
  const archived = new Map<number, Ticket>();
  const jobs = new Map<string, { polls: number; data: Json[] }>();
  const log: FreshdeskFake['log'] = [];
  let nextId = 1;
  let nextConv = 500;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.000Z$/, 'Z');
  let throttled = !opts.throttleFirstList;
  let dropped = !opts.dropFirstCreate;
  let requests = 0;
  let base = '';
  // Signed storage links: path → bytes (and the signature the link carries).
  const stored = new Map<string, { bytes: Buffer; signature: string }>();
  let storageBase = '';
  let nextFile = 7000;
  const attachment = (f: File, id: number) => {
    const path = `/data/helpdesk/attachments/production/${nextFile++}/original/${encodeURIComponent(f.name)}`;
    const signature = `sig${nextFile}`;
    stored.set(path, { bytes: f.bytes, signature });
    const q = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
    return { id, name: f.name, content_type: 'application/octet-stream', size: f.size, attachment_url: `${storageBase}${path}?${q}` };
  };

  function validate(d: Json): Json[] {
    const errors: Json[] = [];
    const custom = (d.custom_fields ?? {}) as Json;
    const choice = DATA.type_field_admin.choices.find((c) => c.value === d.type);
    const sectionFields = new Set(DATA.type_field_admin.sections.filter((s) => choice && s.choice_ids.includes(choice.id)).flatMap((s) => s.ticket_field_ids));
    for (const f of DATA.ticket_fields.filter((x) => x.name.startsWith('cf_'))) {
      const v = custom[f.name];
      const applies = !f.section_mappings || sectionFields.has(f.id);
      if (f.required_for_agents && applies && (v === undefined || v === null || v === '') && !d.__update) errors.push({ field: f.name, message: 'It should not be blank as this is a mandatory field', code: 'missing_field' });
      if (v === undefined || v === null) continue;
      if (f.type === 'custom_dropdown' && !(f.choices as string[]).includes(String(v))) errors.push({ field: f.name, message: `It should be one of these values: '${(f.choices as string[]).join(',')}'`, code: 'invalid_value' });
      if (f.regex && !new RegExp(f.regex.value).test(String(v))) errors.push({ field: f.name, message: 'Value does not match the validation rule', code: 'invalid_value' });
    }
    for (const k of Object.keys(custom)) if (!DATA.ticket_fields.some((f) => f.name === k) && !['cf_module', 'cf_variant'].includes(k)) errors.push({ field: k, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    return errors;
  }

  function newTicket(d: Json, files: File[] = []): Ticket {
    const id = nextId++;
    const created = stamp();
    const t: Ticket = {
      id,
      subject: d.subject ?? '',
      description: d.description ?? '',
      description_text: strip(String(d.description ?? '')),
      status: Number(d.status ?? 2),
      priority: Number(d.priority ?? 1),
      type: d.type ?? null,
      source: 2,
      requester_id: 77,
      requester: { id: 77, name: d.name ?? String(d.email ?? agentEmail).split('@')[0], email: d.email ?? agentEmail },
      cc_emails: d.cc_emails ?? [],
      tags: [...new Set((d.tags as string[]) ?? [])],
      custom_fields: { cf_company: null, cf_site: null, cf_document_type: null, cf_document_number: null, cf_product: null, cf_reachable: false, ...((d.custom_fields as Json) ?? {}) },
      attachments: files.map((f, i) => attachment(f, 900 + i)),
      created_at: created,
      updated_at: created,
      conversations: [],
    };
    tickets.set(id, t);
    return t;
  }
  for (let i = 0; i < (opts.seedTickets ?? 0); i++) newTicket({ subject: `Seeded ticket ${i + 1}`, description: `Seed ${i + 1}`, type: 'Question' });
  if (opts.seedArchived) {
    const t = newTicket({ subject: 'Old archived request', description: 'Archived.', type: 'Question', tags: ['legacy'] });
    t.status = 5;
    tickets.delete(t.id);
    archived.set(t.id, t);
  }
  const pub = (t: Ticket, withRequester: boolean) => {
    const { conversations: _c, requester, ...rest } = t;
    void _c;
    return withRequester ? { ...rest, requester } : rest;
  };
  const paged = (url: URL, list: unknown[], perDefault = 30) => {
    const per = Math.min(100, Number(url.searchParams.get('per_page') ?? perDefault));
    const page = Number(url.searchParams.get('page') ?? 1);
    const items = list.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < list.length) {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return { status: 200, body: items, headers };
  };

  async function route(req: IncomingMessage, url: URL, raw: Buffer): Promise<{ status: number; body: unknown; headers?: Record<string, string>; drop?: boolean }> {
    const path = url.pathname;
    const q = url.searchParams;
    if (req.headers.authorization !== 'Basic ' + Buffer.from(`${apiKey}:X`).toString('base64')) return { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } };
    const m = (re: RegExp) => re.exec(path);
    if (path === '/api/v2/agents/me') return { status: 200, body: { id: 5, contact: { name: 'Ada Agent', email: agentEmail } } };
    if (path === '/api/v2/ticket_fields') return { status: 200, body: DATA.ticket_fields };
    if (path === '/api/v2/admin/ticket_fields/3') return { status: 200, body: DATA.type_field_admin };
    if ((path === '/api/v2/tickets' || path === '/api/v2/search/tickets') && req.method === 'GET' && !throttled) {
      throttled = true;
      return { status: 429, body: { message: 'You have exceeded the limit of requests per hour' }, headers: { 'retry-after': '1' } };
    }
    if (path === '/api/v2/tickets' && req.method === 'POST') {
      const { data, files } = await parseBody(req, raw);
      const errors = validate(data);
      if (!data.email && !data.requester_id) errors.push({ field: 'requester_id', message: 'Please fill at least 1 of email, requester_id fields', code: 'missing_field' });
      if (errors.length) return { status: 400, body: { description: 'Validation failed', errors } };
      const t = newTicket(data, files);
      if (!dropped) {
        dropped = true;
        return { status: 0, body: null, drop: true };
      }
      return { status: 201, body: pub(t, false), headers: { location: `${base}/api/v2/tickets/${t.id}` } };
    }
    if (path === '/api/v2/tickets' && req.method === 'GET') {
      let list = [...tickets.values()];
      if (q.get('email')) list = list.filter((t) => (t.requester as Json).email === q.get('email'));
      if (q.get('updated_since')) list = list.filter((t) => String(t.updated_at) >= String(q.get('updated_since')).replace(/\.\d+Z$/, 'Z'));
      const by = q.get('order_by') ?? 'created_at';
      list.sort((a, b) => String(b[by]).localeCompare(String(a[by])) || b.id - a.id);
      if (q.get('order_type') === 'asc') list.reverse();
      const inc = (q.get('include') ?? '').includes('requester');
      return paged(url, list.map((t) => pub(t, inc)));
    }
    if (path === '/api/v2/search/tickets') {
      const query = (q.get('query') ?? '').replace(/^"|"$/g, '');
      let list = [...tickets.values()];
      for (const [, key, val] of query.matchAll(/(\w+):'?([^' ]+)'?/g)) {
        if (key === 'tag') list = list.filter((t) => t.tags.includes(val));
        if (key === 'status') list = list.filter((t) => t.status === Number(val));
      }
      const r = paged(url, list.map((t) => pub(t, false)));
      return { ...r, body: { total: list.length, results: r.body } };
    }
    if (path === '/api/v2/tickets/bulk_update' && req.method === 'POST') {
      const action = (await parseBody(req, raw)).data.bulk_action as { ids: number[]; properties: Json; reply?: { body: string } };
      const data = action.ids.map((id) => {
        const t = tickets.get(id);
        if (!t) return { id, success: false, error: 'Ticket does not exist' };
        Object.assign(t, action.properties, { updated_at: stamp() });
        if (action.reply) t.conversations.push({ id: nextConv++, body: action.reply.body, body_text: strip(action.reply.body), private: false, incoming: false, from_email: agentEmail, attachments: [], created_at: stamp() });
        return { id, success: true };
      });
      const jobId = `job-${jobs.size + 1}`;
      jobs.set(jobId, { polls: 0, data });
      return { status: 202, body: { job_id: jobId, href: `${base}/api/v2/jobs/${jobId}` } };
    }
    let hit = m(/^\/api\/v2\/jobs\/([\w-]+)$/);
    if (hit) {
      const job = jobs.get(hit[1])!;
      job.polls++;
      return { status: 200, body: job.polls < 2 ? { id: hit[1], status: 'IN PROGRESS' } : { id: hit[1], status: 'SUCCESS', data: job.data } };
    }
    hit = m(/^\/api\/v2\/tickets\/archived\/(\d+)$/);
    if (hit) {
      const t = archived.get(Number(hit[1]));
      return t ? { status: 200, body: pub(t, false) } : { status: 404, body: null };
    }
    hit = m(/^\/api\/v2\/tickets\/(\d+)(?:\/(conversations|reply|notes))?$/);
    if (hit) {
      const t = tickets.get(Number(hit[1]));
      if (!t) return { status: 404, body: null };
      if (hit[2] === 'conversations') return paged(url, t.conversations);
      if (hit[2] && req.method === 'POST') {
        const { data, files } = await parseBody(req, raw);
        const c = {
          id: nextConv++,
          body: data.body,
          body_text: strip(String(data.body)),
          private: hit[2] === 'notes' ? data.private !== false && data.private !== 'false' : false,
          incoming: false,
          source: hit[2] === 'notes' ? 2 : 0,
          from_email: agentEmail,
          attachments: files.map((f, i) => attachment(f, 950 + i)),
          created_at: stamp(),
          ticket_id: t.id,
        };
        t.conversations.push(c);
        t.updated_at = stamp();
        return { status: 201, body: c };
      }
      if (req.method === 'GET') return { status: 200, body: pub(t, (q.get('include') ?? '').includes('requester')) };
      if (req.method === 'PUT') {
        const { data } = await parseBody(req, raw);
        const errors = validate({ ...data, type: data.type ?? t.type, __update: true });
        if (errors.length) return { status: 400, body: { description: 'Validation failed', errors } };
        const { custom_fields, ...rest } = data;
        Object.assign(t, rest, { updated_at: stamp() });
        if (custom_fields) Object.assign(t.custom_fields as Json, custom_fields);
        return { status: 200, body: pub(t, false) };
      }
    }
    if (path === '/api/v2/search/solutions') {
      const term = (q.get('term') ?? '').toLowerCase();
      return { status: 200, body: DATA.solutions.filter((s) => (s.title + ' ' + s.description_text).toLowerCase().includes(term)) };
    }
    hit = m(/^\/api\/v2\/solutions\/articles\/(\d+)$/);
    if (hit) {
      const a = DATA.solutions.find((s) => s.id === Number(hit![1]));
      return a ? { status: 200, body: a } : { status: 404, body: null };
    }
    return { status: 404, body: { message: `No route ${req.method} ${path}` } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', base);
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      let body: unknown = null;
      if (headers['content-type']?.includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
      else if (raw.length) body = raw.toString('latin1');
      log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers, body });
      route(req, url, raw).then(
        (r) => {
          if (r.drop) {
            req.socket.destroy();
            return;
          }
          requests++;
          res.writeHead(r.status, {
            'content-type': 'application/json; charset=utf-8',
            'x-ratelimit-total': '3000',
            'x-ratelimit-remaining': String(Math.max(1, 3000 - requests)),
            'x-ratelimit-used-currentrequest': '1',
            ...(r.headers ?? {}),
          });
          res.end(r.body === null ? '' : JSON.stringify(r.body));
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: e.message }));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // File storage: another origin; a link works only with its signature, never with credentials.
  const storage = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://storage');
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers.authorization = String(req.headers.authorization);
    log.push({ method: req.method ?? 'GET', path: `storage:${url.pathname}`, headers, body: null });
    const file = stored.get(url.pathname);
    if (req.headers.authorization) res.writeHead(400).end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>');
    else if (!file || url.searchParams.get('X-Amz-Signature') !== file.signature) res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
    else res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  });
  await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
  storageBase = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
  return {
    url: base,
    apiKey,
    agentEmail,
    tickets,
    log,
    close: () =>
      Promise.all(
        [server, storage].map(
          (x) =>
            new Promise<void>((r) => {
              x.closeAllConnections();
              x.close(() => r());
            }),
        ),
      ).then(() => undefined),
  };
}
