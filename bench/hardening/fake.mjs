// A small loopback server for the hardening harness: Zendesk- and RT-shaped answers good enough for
// `list`, `show` and `create`, and the faults under test (slow, trickling, huge bodies, redirects,
// error bodies with escape sequences). Behaviour is switched per run through `server.mode`.
import { createServer } from 'node:http';

export const HOSTILE = 'Bad\u001b[2J\u001b]0;pwned\u0007\u0008\u009b31m\u202eevil\u2066x';

const zdTicket = (id, subject) => ({
  id,
  url: `https://example.zendesk.com/api/v2/tickets/${id}.json`,
  subject,
  raw_subject: subject,
  description: `body of ${subject}`,
  status: 'open',
  priority: 'normal',
  type: 'incident',
  requester_id: 1,
  submitter_id: 1,
  email_cc_ids: [],
  collaborator_ids: [],
  tags: [],
  custom_fields: [],
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-20T10:00:00Z',
});

export async function startFake() {
  const state = { mode: 'ok', delayMs: 0, seen: [], created: 0, delayedDue: 0, subjects: ['Printer down'] };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  function handle(req, res, body) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/\.json$/, '');
    state.seen.push({ method: req.method, path, headers: req.headers, body });
    const m = state.mode;
    if (m === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"tickets":[');
      const t = setInterval(() => {
        if (res.destroyed) return clearInterval(t);
        res.write(' ');
      }, 2000);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (m === 'huge') {
      // 200 MB of a valid-looking JSON list, streamed until the client hangs up.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"tickets":[');
      const item = JSON.stringify(zdTicket(1, 'x'.repeat(1000))) + ',';
      let sent = 0;
      const pump = () => {
        while (sent < 200 * 1024 * 1024) {
          sent += item.length;
          if (!res.write(item)) return res.once('drain', pump);
        }
        res.end(JSON.stringify(zdTicket(2, 'end')) + '],"users":[],"meta":{"has_more":false},"links":{"next":null}}');
      };
      res.on('error', () => undefined);
      return pump();
    }
    if (m === 'hostile-error') {
      return send(res, path.startsWith('/REST') ? 500 : 422, { error: 'RecordInvalid', description: `Invalid ${HOSTILE}`, message: `RT says ${HOSTILE}` });
    }
    if (m === 'redirect-post' && req.method === 'POST') {
      res.writeHead(302, { location: 'https://elsewhere.example.com/login' });
      return res.end();
    }
    if (m === 'hang-after-create' && req.method === 'POST' && path === '/api/v2/tickets') {
      state.created++;
      return; // accepted, never answered
    }
    const reply = () => {
      // Delayed answers that came due (a client that waited for them, or one gone already).
      if (state.delayMs) state.delayedDue++;
      return route(req, res, path, url, body);
    };
    if (state.delayMs) setTimeout(reply, state.delayMs);
    else reply();
  }

  function route(req, res, path, url, body) {
    if (path === '/api/v2/users/me') return send(res, 200, { user: { id: 1, name: 'Ann', email: 'ann@example.com', role: 'agent' } });
    if (path === '/api/v2/ticket_fields') return send(res, 200, { ticket_fields: [], meta: { has_more: false }, links: { next: null } });
    if (path === '/api/v2/ticket_forms') return send(res, 200, { ticket_forms: [] });
    if (path === '/api/v2/tickets' && req.method === 'GET') {
      const list = state.subjects.map((s, i) => zdTicket(i + 1, s));
      return send(res, 200, { tickets: list, users: [{ id: 1, name: 'Ann', email: 'ann@example.com' }], meta: { has_more: false }, links: { next: null } });
    }
    if (path === '/api/v2/search') {
      const list = state.subjects.map((s, i) => ({ ...zdTicket(i + 1, s), result_type: 'ticket' }));
      return send(res, 200, { results: list, users: [], count: list.length, next_page: null });
    }
    if (path === '/api/v2/tickets' && req.method === 'POST') {
      state.created++;
      const t = JSON.parse(body).ticket;
      return send(res, 201, { ticket: { ...zdTicket(100 + state.created, t.subject), description: t.comment?.body ?? '' } });
    }
    const one = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
    if (one) return send(res, 200, { ticket: zdTicket(Number(one[1]), state.subjects[0]), users: [] });
    if (/^\/api\/v2\/tickets\/\d+\/comments$/.test(path)) return send(res, 200, { comments: [], users: [], meta: { has_more: false }, links: { next: null } });
    return send(res, 404, { error: 'InvalidEndpoint' });
  }

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    state,
    reset(mode = 'ok') {
      Object.assign(state, { mode, delayMs: 0, seen: [], created: 0, delayedDue: 0, subjects: ['Printer down'] });
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
