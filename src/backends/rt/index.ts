// Request Tracker 5 through REST 2.0 (reference/backends.md §3).
//
// Speed: a Basic-auth password costs RT ~200 ms per request, a session cookie ~15 ms, so a password
// profile logs in once through the web login and reuses the cookie (session.ts); list columns come
// in the same request (`fields=`), a ticket with its conversation in three parallel requests.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import type { Backend, BackendCapabilities, BulkItem, BulkItemResult, ReopenResult } from '../backend.js';
import { requireUrl, type BackendContext } from '../registry.js';
import type {
  Article,
  AttachmentInput,
  Category,
  Comment,
  CreateInput,
  Field,
  FieldValue,
  HealthReport,
  ListFilter,
  Person,
  ReplyInput,
  Ticket,
  TicketChanges,
} from '../../model.js';
import type { HttpRequest, HttpResponse } from '../../http/client.js';
import { createNodeHttpClient, proxyConfigured, type RtHttp } from './transport.js';
import {
  AuthError,
  ConfigError,
  NotFoundError,
  PermissionError,
  TicketError,
  UnavailableError,
  ValidationError,
} from '../../errors.js';
import { excerpt, fold } from '../../util/text.js';
import { convertPerlPattern } from './pattern.js';
import { PRIORITY_TO_RT, priorityFromRt, statusFromRt, statusToRt, ticketSql } from './map.js';
import { dropSession, pickSessionCookie, readSession, sessionFile, writeSession } from './session.js';

/** How long queue and field schemas are reused from the state dir. */
const SCHEMA_TTL_MS = 10 * 60 * 1000;

interface RtQueue {
  id: string;
  name: string;
  description: string | null;
  canCreate: boolean;
}
interface SchemaCache {
  queues?: { at: number; list: RtQueue[] };
  categories: Record<string, { at: number; category: Category; dedupe: boolean; idem?: boolean }>;
  me?: { at: number; key: string; person: Person };
  /** The server has the IdempotencyKey field (kept without expiry: outbox sends come later). */
  idemField?: boolean;
}

/** The global ticket custom field holding `--dedupe-key` (scripts/rt/seed.pl creates it). */
export const DEDUPE_CF = 'DedupeKey';
/** The global ticket custom field holding each create's idempotency key (outbox reconciliation). */
export const IDEM_CF = 'IdempotencyKey';
const HIDDEN_CFS = new Set([DEDUPE_CF, IDEM_CF]);
/** Fallback marker in the first message when the queue has no DedupeKey field. */
const dedupeMarker = (key: string) => `[ticket-dedupe-key: ${key}]`;

const TICKET_FIELDS = 'Subject,Status,Priority,Queue,Requestor,Cc,Created,LastUpdated,CustomFields';
const PERSON_FIELDS = 'EmailAddress,RealName,Name';

interface RtLink {
  id?: string | number;
  _url?: string;
  type?: string;
  ref?: string;
  Name?: string;
  EmailAddress?: string;
  RealName?: string;
  name?: string;
  values?: string[];
}

interface RtTicket {
  id: string | number;
  Subject?: string;
  Status?: string;
  Priority?: string | number;
  Queue?: RtLink;
  Requestor?: RtLink[];
  Cc?: RtLink[];
  Created?: string;
  LastUpdated?: string;
  CustomFields?: RtLink[];
}

interface RtCollection<T> {
  items: T[];
  next_page?: string;
  total?: number | null;
  count?: number;
}

interface RtCustomField {
  id: string | number;
  Name: string;
  Type: string;
  MaxValues?: string | number;
  Pattern?: string;
  EntryHint?: string;
  Description?: string;
  Disabled?: string | number;
  BasedOn?: RtLink | '';
  Values?: string[] | '';
  LookupType?: string;
}

interface RtAttachment {
  id: string | number;
  TransactionId?: string | number | RtLink;
  ContentType?: string;
  Filename?: string;
  ContentLength?: string | number;
  Content?: string;
}

interface RtTransaction {
  id: string | number;
  Type: string;
  Created?: string;
  Creator?: RtLink;
}

const GENERIC_HINTS = new Set([
  'Enter one value',
  'Enter multiple values',
  'Select one value',
  'Select multiple values',
  'Fill in one text area',
  'Fill in multiple text areas',
  'Fill in one wikitext area',
  'Fill in multiple wikitext areas',
  'Select date',
  'Select datetime',
  'Enter up to 1 values',
]);

const BULK_FAILURE =
  /does not exist|not found|permission denied|isn't a valid|is not a valid|invalid|could not|couldn't|can't|cannot|must match|failed|error|not allowed/i;
const BULK_ALREADY = /already the current value|already (?:set|a )|change status from '([^']+)' to '\1'/i;

function idOf(x: unknown): string {
  if (x && typeof x === 'object') return String((x as RtLink).id ?? '');
  return String(x ?? '');
}

function person(l: RtLink | undefined): Person {
  if (!l) return { name: null, email: null };
  const email = l.EmailAddress || (typeof l.id === 'string' && l.id.includes('@') ? l.id : null) || null;
  const name = l.RealName || l.Name || (l.id !== undefined ? String(l.id) : null) || null;
  return { name, email };
}

function isoDate(s: string | undefined): string {
  if (!s || s.startsWith('1970-01-01')) return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fieldType(cf: RtCustomField): Field['type'] | null {
  const multi = Number(cf.MaxValues ?? 1) !== 1;
  switch (cf.Type) {
    case 'Select':
      return multi ? 'multiselect' : 'select';
    case 'Freeform':
    case 'Combobox':
    case 'Autocomplete':
    case 'IPAddress':
    case 'IPAddressRange':
    case 'DateTime':
      return 'text';
    case 'Text':
    case 'Wikitext':
    case 'HTML':
      return 'textarea';
    case 'Date':
      return 'date';
    default:
      return null; // Image, Binary: not settable from the command line
  }
}

/** Below twice this many ids, one list request; above, parallel requests of at least this many. */
const BULK_READ_CHUNK_MIN = 25;

function failureMessages(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return body
    .map((m) => (Array.isArray(m) ? m.slice(1).join(' ') : String(m)))
    .filter((m) => BULK_FAILURE.test(m) && !BULK_ALREADY.test(m));
}

export function createRtBackend(bc: BackendContext): Backend {
  const root = requireUrl(bc).replace(/\/REST\/2\.0\/?$/, '');
  const p = bc.profile;
  const token = p.token || null;
  const user = p.user || null;
  const password = p.password || null;
  if (!token && !(user && password)) {
    throw new ConfigError('The rt backend needs a user and password, or a token.', {
      hint: 'Run `ticket init --backend rt --url URL --user USER` (password from stdin or TICKET_PASSWORD), or set TICKET_TOKEN.',
    });
  }
  let mode: 'token' | 'cookie' | 'basic' = token ? 'token' : 'cookie';
  const sessFile = !token ? sessionFile(bc.paths.state, root, user!, password!) : null;
  let cookie: string | null = null;
  /** The cookie came from a login in this process and has not been confirmed by a request yet. */
  let fresh = false;

  const clientOptions = {
    baseUrl: `${root}/REST/2.0`,
    // The session cookie is a credential too: never in a --debug trace.
    debug: bc.debug
      ? (line: string) =>
          bc.debug!(line.replace(/(RT_SID_[^=\s]+=)[^;\s,]+/g, '$1********').replace(/^(\s*authorization: \S+ ).*$/i, '$1********'))
      : undefined,
    now: bc.now,
    timeoutMs: p.timeoutMs ?? 30_000,
    auth: (): Record<string, string> => {
      if (mode === 'token') return { authorization: `token ${token}` };
      if (mode === 'basic') return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
      return cookie ? { cookie } : {};
    },
  };
  // node:http when nothing needs undici (see transport.ts): ~140 ms less per command.
  const httpP: Promise<RtHttp> =
    !bc.dispatcher && !proxyConfigured(bc.env)
      ? Promise.resolve(createNodeHttpClient(clientOptions))
      : import('../../http/client.js').then((m) => m.createHttpClient({ ...clientOptions, dispatcher: bc.dispatcher }));
  const send = async (req: HttpRequest) => (await httpP).request(req);
  // The shared error mapping; loaded on error paths only (it pulls undici in).
  const errorForResponse = async (res: HttpResponse, what: string, hints?: { auth?: string }) =>
    (await import('../../http/client.js')).errorForResponse(res, what, hints);
  const serverMessage = async (res: HttpResponse) => (await import('../../http/client.js')).serverMessage(res);

  const authHint =
    'Check the user and password (or token) of the profile: `ticket init --backend rt --url URL --user USER`, or TICKET_USER / TICKET_PASSWORD / TICKET_TOKEN.';

  function authError(): AuthError {
    return new AuthError(
      token ? `RT at ${root} refused the token.` : `RT at ${root} refused the credentials of user "${user}".`,
      { hint: authHint },
    );
  }

  async function login(): Promise<void> {
    const res = await send({
      method: 'POST',
      path: `${root}/NoAuth/Login.html`,
      noAuth: true,
      idempotent: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ user: user!, pass: password! }).toString(),
    });
    if (res.status >= 500) throw await errorForResponse(res, 'Logging in to RT');
    const c = pickSessionCookie(res.headers['set-cookie']);
    if (!c) {
      // No web login here (external auth, API-only proxy): Basic auth on every request.
      mode = 'basic';
      cookie = null;
      return;
    }
    cookie = c;
    fresh = true;
  }

  /**
   * REST 2.0 answers an unknown or anonymous session cookie with a redirect to the web UI (302 to /,
   * followed for GETs to the login page) rather than 401.
   */
  function sessionRefused(res: HttpResponse): boolean {
    if (res.status === 401) return true;
    if (res.status >= 300 && res.status < 400) return true;
    return !/\/REST\/2\.0\//.test(res.url) && (res.headers['content-type'] ?? '').startsWith('text/html');
  }

  // One login at a time: parallel requests (show, field schemas) share it.
  let loginP: Promise<void> | null = null;
  function loginOnce(): Promise<void> {
    loginP ??= login().finally(() => {
      loginP = null;
    });
    return loginP;
  }

  /** One authenticated request: session from disk, login when needed, one renewal when refused. */
  async function call(req: HttpRequest): Promise<HttpResponse> {
    if (mode === 'cookie' && !cookie) {
      if (loginP) await loginP;
      else {
        cookie = readSession(sessFile!)?.cookie ?? null;
        if (!cookie) await loginOnce();
      }
    }
    const used = cookie;
    let res = await send(req);
    if (mode === 'cookie' && sessionRefused(res)) {
      if (cookie !== used && cookie) {
        // Another request of this process renewed the session meanwhile.
        res = await send(req);
      } else if (!fresh) {
        bc.debug?.('RT session expired or unknown to the server: logging in again');
        dropSession(sessFile!);
        cookie = null;
        await loginOnce();
        res = await send(req);
      }
    }
    if (res.status === 401 || (mode === 'cookie' && sessionRefused(res))) {
      if (mode === 'cookie') dropSession(sessFile!);
      throw authError();
    }
    if (mode === 'cookie' && fresh && cookie && res.status < 500) {
      writeSession(sessFile!, { cookie, createdAt: bc.now().toISOString() });
      fresh = false;
    }
    return res;
  }

  async function json<T>(req: HttpRequest, what: string, notFound?: () => TicketError): Promise<T> {
    const res = await call(req);
    if (res.status === 404 && notFound) throw notFound();
    if (res.status < 200 || res.status >= 300) throw await errorForResponse(res, what, { auth: authHint });
    return res.json<T>();
  }

  async function collect<T>(path: string, query: Record<string, string | number | string[]>, limit: number, what: string): Promise<T[]> {
    const out: T[] = [];
    const perPage = limit > 0 ? Math.min(100, limit) : 100;
    let next: string | null = null;
    let page = 1;
    for (let guard = 0; guard < 10_000; guard++) {
      const body: RtCollection<T> = next
        ? await json<RtCollection<T>>({ method: 'GET', path: next }, what)
        : await json<RtCollection<T>>({ method: 'GET', path, query: { ...query, per_page: perPage, page } }, what);
      out.push(...(body.items ?? []));
      if (limit > 0 && out.length >= limit) return out.slice(0, limit);
      if (!body.next_page) break;
      next = body.next_page;
    }
    return out;
  }

  const ticketNotFound = (id: string) => () =>
    new NotFoundError(`Ticket ${id} not found in RT.`, { hint: 'Check the id with `ticket list`.' });

  function checkId(id: string): string {
    const s = String(id).trim().replace(/^#/, '');
    if (!/^\d+$/.test(s)) throw new NotFoundError(`Ticket "${id}" not found: RT ticket ids are numbers.`, { hint: 'Check the id with `ticket list`.' });
    return s;
  }

  function toTicket(r: RtTicket): Ticket {
    const fields: Record<string, FieldValue> = {};
    for (const cf of r.CustomFields ?? []) {
      const name = cf.name ?? '';
      const vals = (cf.values ?? []).filter((v) => v !== null && v !== undefined);
      if (!name || HIDDEN_CFS.has(name) || vals.length === 0) continue;
      fields[name] = vals.length === 1 ? vals[0] : vals;
    }
    const rtStatus = r.Status ?? 'new';
    const requestor = r.Requestor?.[0];
    return {
      id: String(r.id),
      url: `${root}/Ticket/Display.html?id=${r.id}`,
      subject: r.Subject ?? '',
      status: statusFromRt(rtStatus),
      backendStatus: rtStatus,
      priority: priorityFromRt(r.Priority),
      type: null,
      category: r.Queue ? (r.Queue.Name ?? idOf(r.Queue)) : null,
      requester: person(requestor),
      cc: (r.Cc ?? []).map((c) => person(c).email ?? String(c.id ?? '')).filter(Boolean),
      tags: [],
      fields,
      createdAt: isoDate(r.Created),
      updatedAt: isoDate(r.LastUpdated),
    };
  }

  const listQuery = {
    fields: TICKET_FIELDS,
    'fields[Queue]': 'Name',
    'fields[Requestor]': PERSON_FIELDS,
    'fields[Cc]': PERSON_FIELDS,
  };

  async function fetchTicket(id: string): Promise<Ticket> {
    const items = await collect<RtTicket>('tickets', { ...listQuery, query: `id = ${id}` }, 1, `Reading ticket ${id}`);
    if (items.length === 0) {
      // Not visible: tell "no such ticket" from "not yours".
      const res = await call({ method: 'GET', path: `ticket/${id}` });
      if (res.status === 403) {
        throw new PermissionError(`You may not see RT ticket ${id}.`, { hint: 'Ask an RT administrator for the ShowTicket right.' });
      }
      throw ticketNotFound(id)();
    }
    return toTicket(items[0]);
  }

  // ---- categories (queues) and fields (queue custom fields) --------------------------------

  let dedupeCfQueues: Set<string> | null = null;
  let idemCfQueues: Set<string> | null = null;
  const categoryCache = new Map<string, Promise<Category>>();
  let queuesCache: Promise<RtQueue[]> | null = null;
  // Queue and field schemas change rarely: kept SCHEMA_TTL_MS in the state dir (per URL and user,
  // since rights decide what one sees), so `ticket create` validates without 3–8 extra requests.
  const schemaFile = join(
    bc.paths.state,
    'cache',
    `rt-schema-${createHash('sha256').update(`${root}\0${user ?? ''}\0${token ? 'token' : 'password'}`).digest('hex').slice(0, 24)}.json`,
  );
  const fresh_ = (at: number | undefined) => typeof at === 'number' && Math.abs(bc.now().getTime() - at) < SCHEMA_TTL_MS;
  function readSchema(): SchemaCache {
    try {
      const c = JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaCache;
      return c && typeof c === 'object' && c.categories ? c : { categories: {} };
    } catch {
      return { categories: {} };
    }
  }
  function saveSchema(update: (c: SchemaCache) => void): void {
    try {
      const c = readSchema();
      update(c);
      mkdirSync(dirname(schemaFile), { recursive: true, mode: 0o700 });
      writeFileAtomic(schemaFile, JSON.stringify(c), 0o600);
    } catch {
      // A read-only state dir only costs speed.
    }
  }

  function queues() {
    queuesCache ??= (async () => {
      const cached = readSchema().queues;
      if (cached && fresh_(cached.at)) return cached.list;
      const items = await collect<RtLink & { Description?: string; _hyperlinks?: RtLink[] }>(
        'queues/all',
        { fields: 'Name,Description,_hyperlinks' },
        0,
        'Listing RT queues',
      );
      const list = items.map((q) => ({
        id: String(q.id),
        name: q.Name ?? String(q.id),
        description: q.Description || null,
        canCreate: (q._hyperlinks ?? []).some((h) => h.ref === 'create' && (h.type ?? 'ticket') === 'ticket'),
      }));
      saveSchema((c) => (c.queues = { at: bc.now().getTime(), list }));
      return list;
    })();
    return queuesCache;
  }

  async function fieldsOf(queueId: string, queueName: string): Promise<Field[]> {
    const cfs = await collect<RtCustomField>(
      `queue/${queueId}/customfields`,
      { fields: 'Name,Type,MaxValues,Pattern,EntryHint,Description,Disabled,BasedOn,LookupType' },
      0,
      `Reading the fields of queue ${queueName}`,
    );
    const live = cfs.filter((c) => String(c.Disabled ?? '0') === '0' && (!c.LookupType || c.LookupType === 'RT::Queue-RT::Ticket'));
    dedupeCfQueues ??= new Set();
    if (live.some((c) => c.Name === DEDUPE_CF)) dedupeCfQueues.add(queueName);
    idemCfQueues ??= new Set();
    if (live.some((c) => c.Name === IDEM_CF)) {
      idemCfQueues.add(queueName);
      if (!readSchema().idemField) saveSchema((c) => (c.idemField = true));
    }
    const usable = live.filter((c) => !HIDDEN_CFS.has(c.Name) && fieldType(c) !== null);
    // Select values (not in the collection), then the values per parent value of BasedOn fields.
    const values = new Map<string, string[]>();
    await Promise.all(
      usable
        .filter((c) => c.Type === 'Select' || c.Type === 'Combobox' || c.Type === 'Autocomplete')
        .map(async (c) => {
          const full = await json<RtCustomField>({ method: 'GET', path: `customfield/${c.id}` }, `Reading field ${c.Name}`);
          values.set(String(c.id), Array.isArray(full.Values) ? full.Values : []);
        }),
    );
    const byId = new Map(usable.map((c) => [String(c.id), c]));
    const fields: Field[] = [];
    const children: Promise<void>[] = [];
    for (const c of usable) {
      const type = fieldType(c)!;
      const conv = convertPerlPattern(c.Pattern);
      const isSelect = type === 'select' || type === 'multiselect';
      const hint =
        conv.comment && !/^mandatory$/i.test(conv.comment)
          ? conv.comment.replace(/^mandatory\s*/i, '')
          : c.EntryHint && !GENERIC_HINTS.has(c.EntryHint)
            ? c.EntryHint
            : c.Description || null;
      const f: Field = {
        key: c.Name,
        label: c.Name,
        type,
        required: conv.required,
        options: isSelect ? (values.get(String(c.id)) ?? []) : null,
        pattern: isSelect ? null : conv.source,
        maxLength: null,
        dependsOn: null,
        hint,
      };
      const parentId = c.BasedOn && typeof c.BasedOn === 'object' ? idOf(c.BasedOn) : '';
      const parent = parentId ? byId.get(parentId) : undefined;
      if (parent && isSelect) {
        const parentValues = values.get(parentId) ?? [];
        f.dependsOn = { field: parent.Name, values: parentValues };
        const map: Record<string, string[]> = {};
        f.optionsByParent = map;
        children.push(
          Promise.all(
            parentValues.map(async (pv) => {
              const r = await json<RtCustomField>(
                { method: 'GET', path: `customfield/${c.id}`, query: { category: pv } },
                `Reading field ${c.Name}`,
              );
              map[pv] = Array.isArray(r.Values) ? r.Values : [];
            }),
          ).then(() => undefined),
        );
      }
      fields.push(f);
    }
    await Promise.all(children);
    // Parents before children (validation walks the fields in order).
    const ordered: Field[] = [];
    const visit = (f: Field, depth = 0) => {
      if (ordered.includes(f) || depth > 20) return;
      if (f.dependsOn) {
        const parent = fields.find((x) => x.key === f.dependsOn!.field);
        if (parent) visit(parent, depth + 1);
      }
      ordered.push(f);
    };
    fields.forEach((f) => visit(f));
    return ordered;
  }

  async function findQueue(id: string) {
    const qs = await queues();
    const k = fold(id);
    const q = qs.find((x) => x.id === id) ?? qs.find((x) => fold(x.name) === k);
    const creatable = qs.filter((x) => x.canCreate).map((x) => x.name);
    if (!q) {
      throw new NotFoundError(`No RT queue named "${id}" that you can see.`, {
        hint: creatable.length ? `Categories: ${creatable.join(', ')}.` : 'Your RT account cannot create tickets in any queue.',
        data: { valid: creatable },
      });
    }
    if (!q.canCreate) {
      throw new PermissionError(`You may not create tickets in RT queue ${q.name}.`, {
        hint: creatable.length ? `Categories you can use: ${creatable.join(', ')}.` : 'Ask an RT administrator for the CreateTicket right.',
      });
    }
    return q;
  }

  function getCategory(id: string): Promise<Category> {
    const key = fold(id);
    let c = categoryCache.get(key);
    if (!c) {
      c = (async () => {
        const hit = readSchema().categories[key];
        if (hit && fresh_(hit.at)) {
          dedupeCfQueues ??= new Set();
          if (hit.dedupe) dedupeCfQueues.add(hit.category.id);
          idemCfQueues ??= new Set();
          if (hit.idem) idemCfQueues.add(hit.category.id);
          return hit.category;
        }
        const q = await findQueue(id);
        const category: Category = { id: q.name, name: q.name, description: q.description, fields: await fieldsOf(q.id, q.name) };
        const dedupe = dedupeCfQueues?.has(q.name) ?? false;
        const idem = idemCfQueues?.has(q.name) ?? false;
        saveSchema((sc) => {
          sc.categories[key] = { at: bc.now().getTime(), category, dedupe, idem };
          sc.categories[fold(q.name)] = { at: bc.now().getTime(), category, dedupe, idem };
        });
        return category;
      })();
      c.catch(() => categoryCache.delete(key));
      categoryCache.set(key, c);
    }
    return c;
  }

  /** RT drops values that fail a pattern and creates the ticket anyway: refuse them here. */
  function checkFields(cat: Category, values: Record<string, FieldValue>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    const problems: string[] = [];
    for (const [k, v] of Object.entries(values)) {
      const f = cat.fields.find((x) => x.key === k) ?? cat.fields.find((x) => fold(x.key) === fold(k));
      if (!f) {
        problems.push(`Unknown field "${k}" for category ${cat.id}.`);
        continue;
      }
      const vals = Array.isArray(v) ? v.map(String) : [typeof v === 'boolean' ? (v ? '1' : '0') : String(v)];
      if (f.pattern) {
        const re = new RegExp(f.pattern, 'u');
        for (const x of vals) if (!re.test(x)) problems.push(`${f.label}: "${x}" has the wrong format${f.hint ? ` (${f.hint})` : ''}.`);
      }
      out[f.key] = f.type === 'multiselect' ? vals : vals[0];
    }
    if (problems.length) {
      throw new ValidationError(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`, {
        hint: `See the fields of ${cat.id} with \`ticket categories ${cat.id}\`.`,
        data: { problems },
      });
    }
    return out;
  }

  // ---- bodies with attachments: JSON, or multipart when there are files -------------------

  /**
   * JSON, or multipart/form-data when there are files (no base64 overhead): a `JSON` form field and
   * one `Attachments` part per file. Encoded here, so both HTTP clients send the same bytes.
   */
  async function messageBody(
    payload: Record<string, unknown>,
    attachments: AttachmentInput[],
  ): Promise<Pick<HttpRequest, 'json' | 'body' | 'headers'>> {
    if (!attachments.length) return { json: payload };
    const boundary = `----ticket-${randomBytes(12).toString('hex')}`;
    const esc = (v: string) => v.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const chunks: Buffer[] = [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="JSON"\r\n\r\n${JSON.stringify(payload)}\r\n`, 'utf8'),
    ];
    for (const a of attachments) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="Attachments"; filename="${esc(a.name)}"\r\n` +
            `Content-Type: ${a.contentType || 'application/octet-stream'}\r\n\r\n`,
          'utf8',
        ),
        await readFile(a.path),
        Buffer.from('\r\n'),
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  /** The requester RT showed last time for this Requestor value (cached with the schemas). */
  function knownRequester(requestor: string): Person | null {
    const me = readSchema().me;
    return me && me.key === requestor && fresh_(me.at) ? me.person : null;
  }

  function requestorFor(input: CreateInput): string | undefined {
    return input.requester?.email || p.email || user || undefined;
  }

  async function lastMessage(id: string, type: 'Correspond' | 'Comment', input: ReplyInput): Promise<Comment> {
    const txns = await json<RtCollection<RtTransaction>>(
      {
        method: 'GET',
        path: `ticket/${id}/history`,
        query: { fields: 'Type,Created,Creator', 'fields[Creator]': PERSON_FIELDS, orderby: 'id', order: 'DESC', per_page: 20 },
      },
      `Reading the history of ticket ${id}`,
    );
    const t = (txns.items ?? []).find((x) => x.Type === type);
    return {
      id: t ? String(t.id) : '',
      author: t ? person(t.Creator) : { name: user, email: p.email ?? null },
      body: input.body,
      public: type === 'Correspond',
      createdAt: isoDate(t?.Created) || bc.now().toISOString(),
      attachments: input.attachments.map((a) => ({ name: a.name, size: a.size, url: null })),
    };
  }

  async function decodeBody(a: RtAttachment): Promise<string> {
    const c = a.Content ?? '';
    if ((a.ContentType ?? '').toLowerCase().startsWith('text/html')) {
      const { convert } = await import('html-to-text');
      return convert(c, { wordwrap: false });
    }
    return c;
  }

  async function conversation(id: string): Promise<Comment[]> {
    const [txns, atts] = await Promise.all([
      collect<RtTransaction>(
        `ticket/${id}/history`,
        { fields: 'Type,Created,Creator', 'fields[Creator]': PERSON_FIELDS },
        0,
        `Reading the history of ticket ${id}`,
      ),
      collect<RtAttachment>(
        `ticket/${id}/attachments`,
        { fields: 'TransactionId,ContentType,Filename,ContentLength,Content' },
        0,
        `Reading the attachments of ticket ${id}`,
      ),
    ]);
    const byTxn = new Map<string, RtAttachment[]>();
    for (const a of atts) {
      const t = idOf(a.TransactionId);
      if (!byTxn.has(t)) byTxn.set(t, []);
      byTxn.get(t)!.push(a);
    }
    const out: Comment[] = [];
    for (const t of txns) {
      if (t.Type !== 'Create' && t.Type !== 'Correspond' && t.Type !== 'Comment') continue;
      const parts = (byTxn.get(String(t.id)) ?? []).sort((a, b) => Number(a.id) - Number(b.id));
      const files = parts.filter((a) => a.Filename);
      const text =
        parts.find((a) => !a.Filename && (a.ContentType ?? '').toLowerCase().startsWith('text/plain')) ??
        parts.find((a) => !a.Filename && (a.ContentType ?? '').toLowerCase().startsWith('text/html'));
      out.push({
        id: String(t.id),
        author: person(t.Creator),
        body: text ? await decodeBody(text) : '',
        public: t.Type !== 'Comment',
        createdAt: isoDate(t.Created),
        attachments: files.map((a) => ({
          name: a.Filename!,
          size: Number(a.ContentLength ?? 0) || Buffer.byteLength(a.Content ?? ''),
          url: `${root}/Ticket/Attachment/${t.id}/${a.id}/${encodeURIComponent(a.Filename!)}`,
        })),
      });
    }
    return out;
  }

  function checkUpdateMessages(body: unknown, what: string): void {
    const bad = failureMessages(body);
    if (bad.length) throw new ValidationError(`${what}: RT refused: ${bad.join('; ')}`);
  }

  // ---- knowledge base (RT Articles) ---------------------------------------------------------

  interface RtArticle {
    id: string | number;
    Name?: string;
    Summary?: string;
    Class?: RtLink;
    CustomFields?: RtLink[];
  }
  const cfValue = (a: RtArticle, name: string) =>
    (a.CustomFields ?? []).find((c) => fold(c.name ?? '') === fold(name))?.values?.join('\n\n') ?? '';
  const articleLocale = (a: RtArticle) => cfValue(a, 'Language') || cfValue(a, 'Locale') || cfValue(a, 'Lang') || null;
  const articleUrl = (id: string | number) => `${root}/Articles/Article/Display.html?id=${id}`;

  const STOP = new Set(
    'the and for with from that this have not are was but you your how what why when les des une est pas pour avec dans sur que qui mon mes son ses aux par plus'.split(
      ' ',
    ),
  );

  async function findByIdempotencyKey(key: string): Promise<Ticket | null> {
    const { sqlString } = await import('./map.js');
    const items = await collect<RtTicket>(
      'tickets',
      { ...listQuery, query: `CF.{${IDEM_CF}} = ${sqlString(key)}`, orderby: 'id', order: 'DESC' },
      1,
      'Looking up the idempotency key',
    );
    return items.length ? toTicket(items[0]) : null;
  }

  const backend: Backend = {
    kind: 'rt',
    capabilities: {
      idempotentCreate: false,
      bulk: 'native',
      maxBulk: 200,
      subjectMaxLength: 200,
      attachmentMaxBytes: 10 * 1024 * 1024,
      reopenWindowDays: null,
    } satisfies BackendCapabilities,

    // RT's default lifecycle; no ticket type and no tags without custom fields for them.
    async writeCapabilities() {
      return {
        statuses: [
          { status: 'new', backendStatus: 'new' },
          { status: 'open', backendStatus: 'open' },
          { status: 'on-hold', backendStatus: 'stalled' },
          { status: 'solved', backendStatus: 'resolved' },
        ],
        types: [],
        cc: true,
        tags: false,
        internalNotes: true,
        reopenWindowDays: null,
        solve: 'always',
      };
    },

    async listCategories() {
      const qs = (await queues()).filter((q) => q.canCreate);
      return Promise.all(qs.map((q) => getCategory(q.name)));
    },

    getCategory,

    async searchKb(query, opts) {
      const words = [
        ...new Set(
          query
            .toLowerCase()
            .split(/[^\p{L}\p{N}]+/u)
            .filter((w) => w.length >= 3 && !STOP.has(w)),
        ),
      ].slice(0, 6);
      const terms = words.length ? words : [query.trim()].filter(Boolean);
      if (!terms.length) return [];
      const q = (field: string, ws: string[]) =>
        json<RtCollection<RtArticle>>(
          {
            method: 'GET',
            path: 'articles',
            query: {
              query: JSON.stringify(ws.map((w) => ({ field, operator: 'LIKE', value: w }))),
              fields: 'Name,Summary,Class,CustomFields',
              'fields[Class]': 'Name',
              per_page: 50,
            },
          },
          'Searching RT articles',
        ).then((r) => r.items ?? []);
      const batches = await Promise.all([
        q('Name', terms),
        q('Summary', terms),
        ...terms.slice(0, 3).map((w) => q('CF.{Content}', [w]).catch(() => [] as RtArticle[])),
      ]);
      const seen = new Map<string, RtArticle>();
      for (const b of batches) for (const a of b) seen.set(String(a.id), a);
      const lang = opts.lang ? opts.lang.slice(0, 2).toLowerCase() : null;
      const scored = [...seen.values()].map((a) => {
        const name = fold(a.Name ?? '');
        const summary = fold(a.Summary ?? '');
        const content = fold(cfValue(a, 'Content'));
        let score = 0;
        for (const w of terms.map(fold)) score += (name.includes(w) ? 3 : 0) + (summary.includes(w) ? 2 : 0) + (content.includes(w) ? 1 : 0);
        const locale = articleLocale(a);
        if (lang && locale && locale.toLowerCase().startsWith(lang)) score += 0.5;
        const art: Article = {
          id: String(a.id),
          title: a.Name ?? `Article ${a.id}`,
          snippet: excerpt(a.Summary || cfValue(a, 'Content'), 160),
          url: articleUrl(a.id),
          locale,
          score,
        };
        return art;
      });
      scored.sort((x, y) => (y.score ?? 0) - (x.score ?? 0) || Number(x.id) - Number(y.id));
      return scored.slice(0, opts.limit > 0 ? opts.limit : scored.length);
    },

    async getArticle(id) {
      const s = String(id).trim();
      if (!/^\d+$/.test(s)) throw new NotFoundError(`Article "${id}" not found: RT article ids are numbers.`);
      const a = await json<RtArticle>({ method: 'GET', path: `article/${s}` }, `Reading article ${s}`, () =>
        new NotFoundError(`Article ${s} not found in RT.`, { hint: 'Search with `ticket kb search WORDS`.' }),
      );
      const body = cfValue(a, 'Content');
      return {
        id: String(a.id),
        title: a.Name ?? `Article ${a.id}`,
        snippet: excerpt(a.Summary || body, 160),
        url: articleUrl(a.id),
        locale: articleLocale(a),
        body,
        format: /^\s*<[a-z!]/i.test(body) ? 'html' : 'text',
      };
    },

    async createTicket(input) {
      const cat = await getCategory(input.category);
      const cfs = checkFields(cat, input.fields);
      let content = input.body;
      if (input.dedupeKey) {
        if (dedupeCfQueues?.has(cat.id)) cfs[DEDUPE_CF] = input.dedupeKey;
        else content = `${content}\n\n${dedupeMarker(input.dedupeKey)}`;
      }
      if (input.idempotencyKey && idemCfQueues?.has(cat.id)) cfs[IDEM_CF] = input.idempotencyKey;
      const payload: Record<string, unknown> = {
        Queue: cat.id,
        Subject: input.subject,
        Priority: PRIORITY_TO_RT[input.priority] ?? PRIORITY_TO_RT.normal,
        Content: content,
        ContentType: 'text/plain',
      };
      const requestor = requestorFor(input);
      if (requestor) payload.Requestor = requestor;
      if (input.cc.length) payload.Cc = input.cc.join(', ');
      if (Object.keys(cfs).length) payload.CustomFields = cfs;
      const res = await call({ method: 'POST', path: 'ticket', idempotent: false, ...(await messageBody(payload, input.attachments)) });
      if (res.status < 200 || res.status >= 300) throw await errorForResponse(res, `Creating a ticket in ${cat.id}`, { auth: authHint });
      const created = res.json<{ id?: string | number }>();
      const id = created?.id ? String(created.id) : (res.headers.location ?? '').match(/ticket\/(\d+)/)?.[1];
      if (!id) throw new UnavailableError(`RT answered ${res.status} without a ticket id (${await serverMessage(res)}).`, { retryable: false });
      // Read it back when custom fields were sent (RT may have dropped one silently) or when we do
      // not know the requester's RT identity yet; otherwise the answer is known, and a request saved.
      const sentFields = Object.keys(cfs).some((k) => !HIDDEN_CFS.has(k));
      const me = input.requester?.email ? input.requester : requestor ? knownRequester(requestor) : null;
      if (!sentFields && me) {
        const at = isoDate(res.headers.date ? new Date(res.headers.date).toISOString() : undefined) || isoDate(bc.now().toISOString());
        return {
          id,
          url: `${root}/Ticket/Display.html?id=${id}`,
          subject: input.subject,
          status: 'new',
          backendStatus: 'new',
          priority: input.priority,
          type: null,
          category: cat.id,
          requester: { name: me.name ?? null, email: me.email ?? null },
          cc: [...input.cc],
          tags: [],
          fields: {},
          createdAt: at,
          updatedAt: at,
        };
      }
      const t = await fetchTicket(id);
      if (requestor && t.requester.email) {
        saveSchema((c) => (c.me = { at: bc.now().getTime(), key: requestor, person: t.requester }));
      }
      return t;
    },

    async listTickets(filter: ListFilter) {
      const query = (contentSearch: boolean) => ({
        ...listQuery,
        query: ticketSql(filter, { contentSearch }),
        orderby: [filter.sort === 'updated' ? 'LastUpdated' : 'Created', 'id'],
        order: ['DESC', 'DESC'],
      });
      try {
        // Many ids (bulk reads its targets this way): RT spends ~2.5 ms per ticket on roles and
        // custom fields, so read them in up to four parallel requests (reads run concurrently).
        const ids = filter.ids ?? [];
        if (ids.length >= 2 * BULK_READ_CHUNK_MIN) {
          const size = Math.min(100, Math.max(BULK_READ_CHUNK_MIN, Math.ceil(ids.length / 4)));
          const parts: string[][] = [];
          for (let i = 0; i < ids.length; i += size) parts.push(ids.slice(i, i + size));
          const got = (
            await Promise.all(
              parts.map((part) =>
                collect<RtTicket>('tickets', { ...listQuery, query: ticketSql({ ...filter, ids: part }, { contentSearch: true }) }, 0, 'Listing RT tickets'),
              ),
            )
          ).flat();
          const key = (t: Ticket) => (filter.sort === 'updated' ? t.updatedAt : t.createdAt);
          const all = got.map(toTicket).sort((x, y) => key(y).localeCompare(key(x)) || Number(y.id) - Number(x.id));
          return filter.limit > 0 ? all.slice(0, filter.limit) : all;
        }
        const items = await collect<RtTicket>('tickets', query(true), filter.limit, 'Listing RT tickets');
        return items.map(toTicket);
      } catch (e) {
        // Content searches need RT's full-text search; without it, search subjects only.
        if (filter.search && e instanceof ValidationError && !filter.query) {
          const items = await collect<RtTicket>('tickets', query(false), filter.limit, 'Listing RT tickets');
          return items.map(toTicket);
        }
        if (e instanceof ValidationError && filter.query) {
          throw new ValidationError(`RT refused the TicketSQL query: ${e.message}`, { hint: "TicketSQL looks like: Status = 'open' AND Queue = 'DMS'." });
        }
        throw e;
      }
    },

    async getTicket(id, opts) {
      const n = checkId(id);
      if (!opts?.comments) return fetchTicket(n);
      const [t, comments] = await Promise.all([fetchTicket(n), conversation(n).catch((e) => e as Error)]);
      if (comments instanceof Error) throw comments;
      return { ...t, comments };
    },

    async reply(id, input) {
      const n = checkId(id);
      const type = input.public ? 'Correspond' : 'Comment';
      const payload: Record<string, unknown> = { Content: input.body, ContentType: 'text/plain' };
      if (input.status) payload.Status = statusToRt(input.status);
      const res = await call({
        method: 'POST',
        path: `ticket/${n}/${input.public ? 'correspond' : 'comment'}`,
        idempotent: false,
        ...(await messageBody(payload, input.attachments)),
      });
      if (res.status < 200 || res.status >= 300) {
        // RT answers "Permission Denied" (400) for a ticket that does not exist.
        if (res.status === 404 || (await call({ method: 'GET', path: `ticket/${n}` })).status === 404) throw ticketNotFound(n)();
        throw await errorForResponse(res, `Replying to ticket ${n}`, { auth: authHint });
      }
      checkUpdateMessages(res.json(), `Replying to ticket ${n}`);
      return lastMessage(n, type, input);
    },

    async updateTicket(id, changes: TicketChanges) {
      const n = checkId(id);
      if (changes.tags && changes.tags.length) {
        throw new ValidationError('RT tickets have no tags.', { hint: 'Use a custom field (--field) instead.' });
      }
      const payload: Record<string, unknown> = {};
      if (changes.status) payload.Status = statusToRt(changes.status);
      if (changes.priority) payload.Priority = PRIORITY_TO_RT[changes.priority];
      if (changes.subject !== undefined) payload.Subject = changes.subject;
      const needCurrent = (changes.fields && Object.keys(changes.fields).length) || changes.addCc?.length || changes.removeCc?.length;
      if (needCurrent) {
        const cur = await fetchTicket(n);
        if (changes.fields && Object.keys(changes.fields).length) {
          const cat = cur.category ? await getCategory(cur.category).catch(() => null) : null;
          payload.CustomFields = cat ? checkFields(cat, changes.fields) : changes.fields;
        }
        if (changes.addCc?.length || changes.removeCc?.length) {
          const drop = new Set((changes.removeCc ?? []).map((x) => x.toLowerCase()));
          const list = [...cur.cc, ...(changes.addCc ?? [])].filter((x) => !drop.has(x.toLowerCase()));
          payload.Cc = [...new Map(list.map((x) => [x.toLowerCase(), x])).values()];
        }
      }
      if (Object.keys(payload).length) {
        const body = await json<unknown>({ method: 'PUT', path: `ticket/${n}`, json: payload }, `Updating ticket ${n}`, ticketNotFound(n));
        checkUpdateMessages(body, `Updating ticket ${n}`);
      }
      return fetchTicket(n);
    },

    async reopen(id, opts): Promise<ReopenResult> {
      const n = checkId(id);
      if (opts.comment) {
        await backend.reply(n, { body: opts.comment, attachments: [], public: true, status: 'open' });
      } else {
        const body = await json<unknown>({ method: 'PUT', path: `ticket/${n}`, json: { Status: 'open' } }, `Reopening ticket ${n}`, ticketNotFound(n));
        checkUpdateMessages(body, `Reopening ticket ${n}`);
      }
      return { ticket: await fetchTicket(n), followUp: false };
    },

    async findByDedupeKey(key, opts) {
      const active = opts?.includeClosed ? '' : ` AND Status = '__Active__'`;
      const { sqlString } = await import('./map.js');
      const run = (sql: string) =>
        collect<RtTicket>('tickets', { ...listQuery, query: sql, orderby: 'id', order: 'DESC' }, 1, 'Looking up the dedupe key');
      const [byCf, byMarker] = await Promise.all([
        run(`CF.{${DEDUPE_CF}} = ${sqlString(key)}${active}`),
        run(`Content LIKE ${sqlString(dedupeMarker(key))}${active}`).catch(() => [] as RtTicket[]),
      ]);
      const all = [...byCf, ...byMarker].sort((a, b) => Number(b.id) - Number(a.id));
      return all.length ? toTicket(all[0]) : null;
    },

    /**
     * Offered only once this state dir has seen the IdempotencyKey field on the server (creates then
     * carry their key): otherwise RT cannot tell whether a create whose answer was lost went
     * through, and the outbox must say so (or be told `--force`) rather than hear "not created".
     */
    get findByIdempotencyKey() {
      return readSchema().idemField ? findByIdempotencyKey : undefined;
    },

    async bulkUpdate(items: BulkItem[]): Promise<BulkItemResult[]> {
      const results = new Map<string, string[]>();
      const record = (body: unknown) => {
        if (!Array.isArray(body)) return;
        for (const row of body) {
          if (!Array.isArray(row)) continue;
          const rid = String(row[0]);
          if (!results.has(rid)) results.set(rid, []);
          results.get(rid)!.push(...row.slice(1).map(String));
        }
      };
      const plain: Record<string, unknown>[] = [];
      const withComment: Record<string, unknown>[] = [];
      const invalid = new Map<string, string>();
      for (const it of items) {
        const sid = String(it.id).trim().replace(/^#/, '');
        if (!/^\d+$/.test(sid)) {
          invalid.set(String(it.id), 'RT ticket ids are numbers.');
          continue;
        }
        const row: Record<string, unknown> = { id: Number(sid) };
        if (it.changes.status) row.Status = statusToRt(it.changes.status);
        if (it.changes.priority) row.Priority = PRIORITY_TO_RT[it.changes.priority];
        if (it.changes.subject !== undefined) row.Subject = it.changes.subject;
        if (it.changes.fields && Object.keys(it.changes.fields).length) row.CustomFields = it.changes.fields;
        if (it.comment) withComment.push({ ...row, Content: it.comment, ContentType: 'text/plain' });
        else plain.push(row);
      }
      await Promise.all([
        // One request: RT applies it ticket by ticket (~55 ms each with the default scrips). Splitting
        // it over concurrent requests gains nothing on SQLite (writes serialize) and risks lock errors.
        plain.length
          ? json<unknown>({ method: 'PUT', path: 'tickets/bulk', json: plain }, 'Bulk update').then(record)
          : Promise.resolve(),
        withComment.length
          ? json<unknown>({ method: 'POST', path: 'tickets/bulk/correspond', json: withComment, idempotent: false }, 'Bulk reply').then(
              async (body) => {
                record(body);
                // correspond carries Status; a priority/field change needs the PUT as well.
                const rest = withComment
                  .filter((r) => r.Priority !== undefined || r.CustomFields !== undefined || r.Subject !== undefined)
                  .map(({ Content: _c, ContentType: _t, Status: _s, ...r }) => r);
                if (rest.length) record(await json<unknown>({ method: 'PUT', path: 'tickets/bulk', json: rest }, 'Bulk update'));
              },
            )
          : Promise.resolve(),
      ]);
      return items.map((it) => {
        const sid = String(it.id).trim().replace(/^#/, '');
        const bad = invalid.get(String(it.id));
        if (bad) return { id: String(it.id), ok: false, error: { code: 'not_found', message: bad } };
        const msgs = results.get(sid);
        if (!msgs) return { id: sid, ok: false, error: { code: 'internal', message: 'RT did not report on this ticket.' } };
        const failed = msgs.filter((m) => BULK_FAILURE.test(m) && !BULK_ALREADY.test(m));
        if (!failed.length) return { id: sid, ok: true };
        const m = failed.join('; ');
        const code = /does not exist|not found/i.test(m) ? 'not_found' : /permission/i.test(m) ? 'permission' : 'validation';
        return { id: sid, ok: false, error: { code, message: m } };
      });
    },

    async health(): Promise<HealthReport> {
      const started = Date.now();
      try {
        const res = await call({ method: 'GET', path: 'rt' });
        const latencyMs = Date.now() - started;
        const ok = res.status >= 200 && res.status < 300;
        const version = ok ? (res.json<{ Version?: string }>()?.Version ?? null) : null;
        return {
          reachable: true,
          latencyMs,
          authenticated: ok ? true : res.status === 403 ? true : null,
          serverDate: res.headers.date ? new Date(res.headers.date).toISOString() : null,
          rateLimit: null,
          message: ok ? `RT ${version ?? ''}`.trim() : `HTTP ${res.status}: ${await serverMessage(res)}`,
        };
      } catch (e) {
        if (e instanceof AuthError) {
          return { reachable: true, latencyMs: Date.now() - started, authenticated: false, message: e.message };
        }
        if (e instanceof UnavailableError) return { reachable: false, latencyMs: null, authenticated: null, message: e.message };
        throw e;
      }
    },

    async whoami(): Promise<Person> {
      if (!user) {
        await json<unknown>({ method: 'GET', path: 'rt' }, 'Checking the RT token');
        return { name: null, email: p.email ?? null };
      }
      const u = await json<{ Name?: string; RealName?: string; EmailAddress?: string }>(
        { method: 'GET', path: `user/${encodeURIComponent(user)}` },
        `Reading RT user ${user}`,
        () => new AuthError(`RT has no user "${user}".`, { hint: authHint }),
      );
      return { name: u.RealName || u.Name || user, email: u.EmailAddress || null };
    },

    async close() {
      await (await httpP).close();
    },
  };
  return backend;
}
