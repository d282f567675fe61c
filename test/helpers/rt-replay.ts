// Recorded RT REST 2.0 answers (test/fixtures/rt/recorded.json, written by record.test.ts against
// the real server) served through undici's MockAgent: each request must match a recorded one
// (method, path and query), in order, and every recorded interaction of a scene must be used.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { createRtBackend } from '../../src/backends/rt/index.js';
import type { Backend } from '../../src/backends/backend.js';

export const ORIGIN = 'https://rt.example.com';

const homes: string[] = [];
/** Remove the state dirs replayBackend made. */
export function cleanupReplayHomes(): void {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
}

export interface Interaction {
  method: string;
  /** Path and query, as the adapter sent it (origin scrubbed). */
  path: string;
  /** The JSON body sent, when it was JSON (multipart bodies are not kept). */
  body?: unknown;
  status: number;
  headers: Record<string, string>;
  /** The answer: JSON, or text when it was not JSON. */
  json?: unknown;
  text?: string;
}

export interface Scene {
  note?: string;
  input?: Record<string, unknown>;
  interactions: Interaction[];
}

export const FIXTURE_URL = new URL('../fixtures/rt/recorded.json', import.meta.url);

export function scenes(): Record<string, Scene> {
  return JSON.parse(readFileSync(FIXTURE_URL, 'utf8')).scenes;
}

/** path+query with the query parameters sorted, so equal requests compare equal. */
export function normPath(p: string): string {
  const u = new URL(p, ORIGIN);
  const q = [...u.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${u.pathname}?${new URLSearchParams(q).toString()}`;
}

export interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export function replay(...interactions: Interaction[]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const queue = interactions.map((i) => ({ ...i, used: false }));
  const sent: Sent[] = [];
  const unexpected: string[] = [];
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const raw = opts.body;
      let body: unknown = typeof raw === 'string' ? raw : raw ? '(binary)' : undefined;
      if (typeof raw === 'string') {
        try {
          body = JSON.parse(raw);
        } catch {
          /* multipart or form: kept as text */
        }
      }
      const headers: Record<string, string> = {};
      const h = opts.headers as Record<string, string> | string[] | undefined;
      if (Array.isArray(h)) for (let i = 0; i + 1 < h.length; i += 2) headers[String(h[i]).toLowerCase()] = String(h[i + 1]);
      else if (h) for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = String(v);
      sent.push({ method: opts.method, path: opts.path, headers, body });
      const want = normPath(opts.path);
      const hit = queue.find((i) => !i.used && i.method === opts.method && normPath(i.path) === want);
      if (!hit) {
        unexpected.push(`${opts.method} ${opts.path}`);
        return { statusCode: 599, data: JSON.stringify({ message: `no recorded answer for ${opts.method} ${opts.path}` }) };
      }
      hit.used = true;
      return {
        statusCode: hit.status,
        data: hit.json !== undefined ? JSON.stringify(hit.json) : (hit.text ?? ''),
        responseOptions: { headers: { 'content-type': 'application/json; charset=utf-8', ...hit.headers } },
      };
    })
    .persist();
  return {
    agent,
    sent,
    /** Every recorded interaction was asked for, and nothing else. */
    done() {
      const left = queue.filter((i) => !i.used).map((i) => `${i.method} ${i.path}`);
      if (left.length || unexpected.length) {
        throw new Error(`replay: unused ${JSON.stringify(left)}, unexpected ${JSON.stringify(unexpected)}`);
      }
    },
    close: () => agent.close(),
  };
}

/** A token profile at ORIGIN through the MockAgent (the adapter then uses the undici client). */
export function replayBackend(agent: MockAgent, stateDir?: string, now = () => new Date()): Backend {
  if (!stateDir) {
    // A state dir of its own: the schema cache of one test must not answer for another.
    const home = mkdtempSync(join(tmpdir(), 'ticket-rt-replay-'));
    homes.push(home);
    stateDir = join(home, 'state');
  }
  return createRtBackend({
    profile: { backend: 'rt', profileName: 'replay', sources: {}, url: ORIGIN, token: 'TOKEN', email: 'customer@example.com' },
    paths: { config: '/nonexistent/config', state: stateDir, data: '/nonexistent/data' },
    env: {},
    now,
    lang: 'en',
    dispatcher: agent,
  });
}

/** The field a stale schema cache still lists after an admin removed it (RT then drops it). */
export const STALE_FIELD = {
  key: 'Ancien champ', label: 'Ancien champ', type: 'text', required: false, options: null, pattern: null, maxLength: null, dependsOn: null, hint: null,
};

/** Add STALE_FIELD to every cached category of the state dir (the schema cache of state.ts). */
export function staleSchema(stateDir: string): void {
  const dir = join(stateDir, 'cache');
  for (const f of readdirSync(dir).filter((n) => n.startsWith('rt-schema-'))) {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    for (const e of Object.values(c.categories ?? {}) as { category: { fields: unknown[] } }[]) {
      if (!e.category.fields.some((x) => (x as { key: string }).key === STALE_FIELD.key)) e.category.fields.push(STALE_FIELD);
    }
    writeFileSync(join(dir, f), JSON.stringify(c));
  }
}

