// A MockAgent server with a recorded-request log: each expected request is answered once (a recorded
// response or a documented payload), and what the adapter sent is kept for assertions. Built on
// mockAgent(): the test fails when an expected request was never sent.
import { readFileSync } from 'node:fs';
import { mockAgent } from './mock-agent.js';

export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  raw: string | Buffer | null;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface Interaction {
  request: { method: string; path_and_query: string; json?: unknown };
  response: { status: number; headers: Record<string, string>; json: unknown };
}

/** The interactions of a recorded fixture under test/fixtures/<dir>/. */
export function recorded(dir: string, file: string): Interaction[] {
  const url = new URL(`../fixtures/${dir}/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { interactions: Interaction[] }).interactions;
}

export function fromRecording(i: Interaction, extraHeaders: Record<string, string> = {}): Reply {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.response.headers ?? {})) headers[k.toLowerCase()] = v;
  return { status: i.response.status, json: i.response.json, headers: { ...headers, ...extraHeaders } };
}

function normHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (typeof (h as Headers).forEach === 'function' && !(h as object).constructor?.name.startsWith('Object')) {
    (h as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
  } else {
    for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** Call inside a test: the agent is checked and closed when the test ends (see mockAgent). */
export function mockServer(origin: string) {
  const agent = mockAgent();
  const pool = agent.get(origin);
  const sent: Sent[] = [];
  /** Expect `method path` (path without the query string) once, and answer with `reply`. */
  function expect(method: string, path: string, reply: Reply | ((s: Sent) => Reply)) {
    pool
      .intercept({ method, path: (p: string) => p.split('?')[0].replace(/\.json$/, '') === path })
      .reply((opts) => {
        const u = new URL(opts.path, origin);
        const raw = (opts.body ?? null) as string | Buffer | null;
        let body: unknown = raw;
        if (typeof raw === 'string' && raw.length) {
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw;
          }
        }
        const s: Sent = { method: opts.method, path: u.pathname.replace(/\.json$/, ''), query: u.searchParams, headers: normHeaders(opts.headers), body, raw };
        sent.push(s);
        const r = typeof reply === 'function' ? reply(s) : reply;
        return {
          statusCode: r.status,
          data: r.json === undefined || r.json === null ? '' : typeof r.json === 'string' ? r.json : JSON.stringify(r.json),
          responseOptions: { headers: { 'content-type': 'application/json; charset=UTF-8', ...(r.headers ?? {}) } },
        };
      });
  }
  return {
    agent,
    sent,
    expect,
    /** Fail now if an expected request was not sent (the end of the test checks it anyway). */
    done() {
      agent.assertNoPendingInterceptors();
    },
  };
}
