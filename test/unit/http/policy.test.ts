// One HTTP policy, two transports: the same faults against the undici client and RT's node:http
// client, on loopback servers (a trickling body, a huge body, redirects, 429s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHttpClient } from '../../../src/http/client.js';
import { createNodeHttpClient } from '../../../src/backends/rt/transport.js';
import type { HttpClient, HttpClientOptions } from '../../../src/http/policy.js';
import { ConfigError, TicketError, UnavailableError } from '../../../src/errors.js';
import { virtualTime } from '../../helpers/clock.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base = '';
let handler: Handler = (_q, s) => s.end('{}');
const seen: IncomingMessage[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const transports: [string, (o: HttpClientOptions) => HttpClient][] = [
  ['undici', (o) => createHttpClient(o)],
  ['node:http', (o) => createNodeHttpClient(o)],
];

describe.each(transports)('HTTP policy over %s', (_name, make) => {
  it('a body trickling one byte at a time ends at the deadline: exit 5, "timed out", retries included', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
    };
    seen.length = 0;
    const http = make({ baseUrl: base, timeoutMs: 400, retry: { maxAttempts: 2, baseMs: 1, capMs: 1, deadlineMs: 1500 } });
    try {
      const err = await http.request({ method: 'GET', path: 'slow' }).catch((e) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err.exitCode).toBe(5);
      expect(err.message).toMatch(/timed out after 400 ms \(2 attempts\)/);
      expect(err.message).not.toMatch(/\(\d+\)\.?$|failed \(23\)/);
      expect(seen.length).toBe(2);
    } finally {
      await http.close();
    }
  });

  it('the total deadline bounds the retries too', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    };
    seen.length = 0;
    const http = make({ baseUrl: base, timeoutMs: 300, retry: { maxAttempts: 50, baseMs: 1, capMs: 1, deadlineMs: 700 } });
    try {
      const err = await http.request({ method: 'GET', path: 'slow' }).catch((e) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(seen.length).toBeLessThanOrEqual(4);
    } finally {
      await http.close();
    }
  });

  it('an answer over the bound of its kind is exit 5 with a clear message, not read whole', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    };
    const http = make({ baseUrl: base });
    try {
      const err = await http.request({ method: 'GET', path: 'big', kind: 'probe' }).catch((e) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err.message).toMatch(/larger than 1 MB; ticket stopped reading it/);
      expect(err.retryable).toBe(false);
      const ok = await http.request({ method: 'GET', path: 'big', maxBytes: 16 * 1024 * 1024 });
      expect(ok.body.length).toBe(8 * 1024 * 1024);
    } finally {
      await http.close();
    }
  });

  it('a write answered with a redirect is a clear configuration error (exit 4), not followed', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example.com/login' });
      res.end();
    };
    seen.length = 0;
    const http = make({ baseUrl: base, auth: () => ({ authorization: 'Bearer s3cr3t-token' }) });
    try {
      const err = await http.request({ method: 'POST', path: 'tickets', json: { a: 1 } }).catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.exitCode).toBe(4);
      expect(err.message).toMatch(/answered POST \/tickets with a redirect to https:\/\/elsewhere.example.com\/login; ticket does not follow redirects of writes/);
      expect(err.hint).toMatch(/ticket config set url/);
      expect(seen.length).toBe(1);
    } finally {
      await http.close();
    }
  });

  it("'return' hands an unfollowed redirect to the caller (RT's login form answers 302)", async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: '/', 'set-cookie': 'RT_SID_x=abc' });
      res.end();
    };
    const http = make({ baseUrl: base, unfollowedRedirect: 'return' });
    try {
      const res = await http.request({ method: 'POST', path: 'NoAuth/Login.html', body: 'user=a&pass=b' });
      expect(res.status).toBe(302);
    } finally {
      await http.close();
    }
  });

  it('reads follow a redirect to another origin without the credentials', async () => {
    let other: Server | null = null;
    const got: IncomingMessage[] = [];
    other = createServer((req, res) => {
      got.push(req);
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => other!.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    handler = (_req, res) => {
      res.writeHead(302, { location: `${otherUrl}/there` });
      res.end();
    };
    const http = make({ baseUrl: base, auth: () => ({ authorization: 'Bearer s3cr3t-token', cookie: 'RT_SID_x=1' }) });
    try {
      const res = await http.request({ method: 'GET', path: 'here', headers: { 'x-api-key': 'k' } });
      expect(res.json()).toEqual({ ok: true });
      expect(got[0].headers.authorization).toBeUndefined();
      expect(got[0].headers.cookie).toBeUndefined();
      expect(got[0].headers['x-api-key']).toBeUndefined();
    } finally {
      await http.close();
      await new Promise<void>((r) => other!.close(() => r()));
    }
  });

  it('a 429 pauses the client: Retry-After honoured, then the request succeeds', async () => {
    let n = 0;
    handler = (_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        return res.end('{}');
      }
      res.end('{"ok":1}');
    };
    const vt = virtualTime();
    const http = make({ baseUrl: base, now: vt.now, clock: vt.clock, sleep: vt.sleep, retry: { retryAfterMarginMs: 0 } });
    try {
      const res = await http.request({ method: 'POST', path: 'tickets', json: {} });
      expect(res.status).toBe(200);
      expect(vt.sleeps[0]).toBeGreaterThanOrEqual(1000);
      expect(vt.elapsed()).toBeGreaterThanOrEqual(1000);
      expect(http.stats.retries).toBe(1);
    } finally {
      await http.close();
    }
  });

  it('the --debug trace masks credentials on both transports', async () => {
    handler = (_req, res) => res.end('{}');
    const lines: string[] = [];
    const http = make({ baseUrl: base, debug: (l) => lines.push(l), auth: () => ({ authorization: 'Basic ' + Buffer.from('u:pw-123456').toString('base64') }) });
    try {
      await http.request({ method: 'GET', path: 'x', query: { api_key: 'qs-secret-1' } });
      const all = lines.join('\n');
      expect(all).toMatch(/authorization: Basic \*{8}/);
      expect(all).not.toContain('qs-secret-1');
      expect(all).not.toContain(Buffer.from('u:pw-123456').toString('base64'));
    } finally {
      await http.close();
    }
  });

  it('Ctrl-C aborts a request in flight: exit 130', async () => {
    handler = () => undefined; // never answers
    const ac = new AbortController();
    const http = make({ baseUrl: base, signal: ac.signal });
    try {
      const p = http.request({ method: 'GET', path: 'hang' }).catch((e) => e);
      setTimeout(() => ac.abort(), 100);
      const err = await p;
      expect(err).toBeInstanceOf(TicketError);
      expect(err.exitCode).toBe(130);
    } finally {
      await http.close();
      for (const s of sockets) s.destroy();
    }
  });
});
