// A fault-injecting ticket server on 127.0.0.1 for integration tests and benchmarks. It keeps
// tickets in memory and can: rate-limit (sliding window, 429 + Retry-After, X-RateLimit-* headers),
// drop the connection after reading (and processing) a request, answer slowly, and return 500s.
// It records what it saw so tests can assert on duplicates and on requests sent during a pause.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultConfig {
  /** Sliding window rate limit: at most `limit` requests per `windowMs` (429s do not count). */
  rateLimit?: { limit: number; windowMs: number } | null;
  /** Drop the connection after processing the first `n` creates of each idempotency key / subject. */
  dropCreatesAfterProcessing?: number;
  /** Fraction of requests (any method) dropped after processing; deterministic by `seed`. */
  dropRate?: number;
  /** Fraction of requests answered after `slowMs`. */
  slowRate?: number;
  slowMs?: number;
  /** Fraction of requests answered 500 (before processing). */
  errorRate?: number;
  /** Honour the Idempotency-Key header on POST /tickets (Zendesk-like). */
  serverIdempotency?: boolean;
  seed?: number;
  /**
   * The server's clock (ms) for the rate-limit window and pauses; the real one by default. Give it
   * the client's virtual clock and a test of Retry-After waits no real time: time only moves when the
   * client sleeps, so a request in flight when a 429 went out arrives at the same instant, and any
   * later one inside the pause is a violation (no grace needed).
   */
  clock?: () => number;
}

export interface StoredTicket {
  id: string;
  subject: string;
  status: string;
  priority: string;
  fields: Record<string, unknown>;
  tags?: string[];
  idempotencyKey: string | null;
  dedupeKey: string | null;
  comments: { id: string; body: string; createdAt: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface FaultServer {
  url: string;
  config: FaultConfig;
  tickets: Map<string, StoredTicket>;
  log: { at: number; method: string; path: string; status: number | 'dropped' }[];
  /** Every request as received: method, URL, headers and raw body (for "no secret reached the server"). */
  raw: string[];
  /** Requests that arrived while a Retry-After pause the server had announced was running. */
  violations: { at: number; pauseEnd: number; path: string }[];
  counts: { requests: number; r429: number; r500: number; dropped: number; slow: number };
  seed(n: number, status?: string): string[];
  close(): Promise<void>;
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export async function startFaultServer(config: FaultConfig = {}): Promise<FaultServer> {
  const tickets = new Map<string, StoredTicket>();
  const log: FaultServer['log'] = [];
  const rawSeen: string[] = [];
  const violations: FaultServer['violations'] = [];
  const counts = { requests: 0, r429: 0, r500: 0, dropped: 0, slow: 0 };
  const rand = prng(config.seed ?? 42);
  const window: number[] = [];
  const dropsPerKey = new Map<string, number>();
  let seq = 0;
  let cseq = 0;
  // Pauses announced by 429s: [issuedAt, end]. A request arriving more than GRACE after a pause was
  // announced and before it ends was sent by a client that ignored it (in-flight ones arrive sooner).
  const pauses: [number, number][] = [];
  const GRACE_MS = config.clock ? 0 : 100;
  const sockets = new Set<Socket>();

  const now = config.clock ?? (() => Date.now());
  const iso = () => new Date(now()).toISOString();
  const view = (t: StoredTicket, comments = false) => {
    const { comments: cs, ...rest } = t;
    return comments ? { ...rest, comments: cs } : rest;
  };
  const blank = (id: string, extra: Partial<StoredTicket> = {}): StoredTicket => ({
    id,
    subject: `Ticket ${id}`,
    status: 'open',
    priority: 'normal',
    fields: {},
    idempotencyKey: null,
    dedupeKey: null,
    comments: [],
    createdAt: iso(),
    updatedAt: iso(),
    ...extra,
  });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
    res.end(data);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const t = now();
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/_stats') return send(res, 200, { counts, tickets: tickets.size });
    counts.requests++;
    for (const [issued, end] of pauses) if (t > issued + GRACE_MS && t < end) violations.push({ at: t, pauseEnd: end, path });

    // Rate limit first: a 429 means nothing was processed.
    const rl = config.rateLimit;
    let rlHeaders: Record<string, string> = {};
    if (rl) {
      while (window.length && window[0]! <= t - rl.windowMs) window.shift();
      if (window.length >= rl.limit) {
        const waitMs = window[0]! + rl.windowMs - t;
        const secs = Math.max(1, Math.ceil(waitMs / 1000));
        pauses.push([t, t + waitMs]);
        counts.r429++;
        log.push({ at: t, method, path, status: 429 });
        return send(res, 429, { error: 'rate limited' }, { 'retry-after': String(secs), 'x-ratelimit-remaining': '0' });
      }
      window.push(t);
      rlHeaders = { 'x-ratelimit-limit': String(rl.limit), 'x-ratelimit-remaining': String(rl.limit - window.length) };
    }
    if (config.errorRate && rand() < config.errorRate) {
      counts.r500++;
      log.push({ at: t, method, path, status: 500 });
      return send(res, 500, { error: 'injected failure' });
    }
    if (config.slowRate && rand() < config.slowRate) {
      counts.slow++;
      await new Promise((r) => setTimeout(r, config.slowMs ?? 2000));
    }
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { error: 'bad json' });
    }

    let status = 200;
    let out: unknown = null;
    let dropKey: string | null = null;
    const m = /^\/tickets\/([^/]+)(\/comments)?$/.exec(path);
    if (path === '/tickets' && method === 'POST') {
      const key = (config.serverIdempotency ? (req.headers['idempotency-key'] as string | undefined) : undefined) ?? null;
      const prior = key ? [...tickets.values()].find((x) => x.idempotencyKey === key) : undefined;
      if (prior) {
        out = { ticket: view(prior) };
        status = 201;
      } else {
        const id = String(++seq);
        const tk = blank(id, {
          subject: String(body.subject ?? ''),
          status: 'new',
          priority: String(body.priority ?? 'normal'),
          idempotencyKey: (body.idempotencyKey as string | undefined) ?? key,
          dedupeKey: (body.dedupeKey as string | undefined) ?? null,
          tags: Array.isArray(body.tags) ? (body.tags as string[]) : [],
        });
        tk.comments.push({ id: String(++cseq), body: String(body.body ?? ''), createdAt: iso() });
        tickets.set(id, tk);
        out = { ticket: view(tk) };
        status = 201;
      }
      dropKey = `create:${(body.idempotencyKey as string) ?? key ?? body.subject}`;
    } else if (path === '/tickets' && method === 'GET') {
      let all = [...tickets.values()];
      const ids = url.searchParams.get('ids');
      if (ids) all = all.filter((x) => ids.split(',').includes(x.id));
      const ik = url.searchParams.get('idempotencyKey');
      if (ik) all = all.filter((x) => x.idempotencyKey === ik);
      const dk = url.searchParams.get('dedupeKey');
      if (dk) all = all.filter((x) => x.dedupeKey === dk);
      const st = url.searchParams.get('status');
      if (st) all = all.filter((x) => st.split(',').includes(x.status));
      out = { tickets: all.map((x) => view(x)) };
    } else if (path === '/tickets/bulk' && method === 'PUT') {
      const items = Array.isArray(body) ? (body as Record<string, unknown>[]) : ((body.items as Record<string, unknown>[]) ?? []);
      out = {
        results: items.map((it) => {
          const tk = tickets.get(String(it.id));
          if (!tk) return { id: String(it.id), ok: false, error: { code: 'not_found', message: 'no such ticket' } };
          if (it.status) tk.status = String(it.status);
          if (it.priority) tk.priority = String(it.priority);
          tk.updatedAt = iso();
          return { id: tk.id, ok: true };
        }),
      };
    } else if (m) {
      const tk = tickets.get(m[1]!);
      if (!tk) return send(res, 404, { error: 'not found' }, rlHeaders);
      if (m[2] && method === 'POST') {
        const c = { id: String(++cseq), body: String(body.body ?? ''), createdAt: iso() };
        tk.comments.push(c);
        if (body.status) tk.status = String(body.status);
        out = { comment: c };
        status = 201;
        dropKey = `reply:${tk.id}:${c.body}`;
      } else if (method === 'PUT') {
        if (body.status) tk.status = String(body.status);
        if (body.priority) tk.priority = String(body.priority);
        if (body.fields) tk.fields = { ...tk.fields, ...(body.fields as object) };
        tk.updatedAt = iso();
        out = { ticket: view(tk) };
      } else if (method === 'GET') {
        out = { ticket: view(tk, url.searchParams.get('comments') === '1') };
      } else return send(res, 405, { error: 'method' });
    } else {
      return send(res, 404, { error: 'no route' });
    }
    // Faults after processing: the work is done, the client never hears about it.
    let drop = false;
    if (dropKey && config.dropCreatesAfterProcessing && method === 'POST') {
      const n = dropsPerKey.get(dropKey) ?? 0;
      if (n < config.dropCreatesAfterProcessing) {
        dropsPerKey.set(dropKey, n + 1);
        drop = true;
      }
    }
    if (!drop && config.dropRate && rand() < config.dropRate) drop = true;
    if (drop) {
      counts.dropped++;
      log.push({ at: t, method, path, status: 'dropped' });
      req.socket.destroy();
      return;
    }
    log.push({ at: t, method, path, status });
    send(res, status, out, rlHeaders);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      rawSeen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('utf8')}`);
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
        if (!res.headersSent) send(res, 500, { error: String(e) });
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    tickets,
    log,
    raw: rawSeen,
    violations,
    counts,
    seed(n: number, status = 'open') {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = String(++seq);
        tickets.set(id, blank(id, { status }));
        ids.push(id);
      }
      return ids;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
