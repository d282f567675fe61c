// The shared HTTP client's policy, with an injected clock/sleep/random and an undici MockAgent:
// no real network, no real waits.
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { createHttpClient, ensureOk, type HttpClientOptions } from '../../../src/http/client.js';
import { RateLimitedError, UnavailableError } from '../../../src/errors.js';
import { backoffMs, DEFAULT_RETRY, parseRetryAfter, rateLimitPause } from '../../../src/http/retry.js';
import { virtualTime, type VirtualTime } from '../../helpers/clock.js';
import { mockAgent } from '../../helpers/mock-agent.js';

const ORIGIN = 'https://api.example.test';

let agent: MockAgent;
beforeEach(() => {
  agent = mockAgent();
});

function client(vt: VirtualTime, extra: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: ORIGIN,
    dispatcher: agent,
    now: vt.now,
    clock: vt.clock,
    sleep: vt.sleep,
    random: () => 0.5,
    ...extra,
  });
}

describe('Retry-After is a minimum', () => {
  it('waits at least 7.25 s after "Retry-After: 7" before the next attempt', async () => {
    const vt = virtualTime();
    const seen: number[] = [];
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/t', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      return { statusCode: 429, data: '{}', responseOptions: { headers: { 'retry-after': '7' } } };
    });
    pool.intercept({ path: '/t', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      return { statusCode: 200, data: '{"ok":true}' };
    });
    const res = await client(vt).request({ method: 'GET', path: '/t' });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(7250);
  });

  it('honours the HTTP-date form too', async () => {
    const vt = virtualTime();
    const seen: number[] = [];
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/t', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      const at = new Date(vt.clock() + 7000).toUTCString();
      return { statusCode: 503, data: '', responseOptions: { headers: { 'retry-after': at } } };
    });
    pool.intercept({ path: '/t', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      return { statusCode: 200, data: '{}' };
    });
    await client(vt).request({ method: 'GET', path: '/t' });
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(7250);
  });

  it('gives up at once with a rate-limit error when Retry-After is past the deadline', async () => {
    const vt = virtualTime();
    let calls = 0;
    agent
      .get(ORIGIN)
      .intercept({ path: '/t', method: 'GET' })
      .reply(() => {
        calls++;
        return { statusCode: 429, data: '{}', responseOptions: { headers: { 'retry-after': '3600' } } };
      });
    const err = await client(vt, { retry: { deadlineMs: 60_000 } })
      .request({ method: 'GET', path: '/t' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/until 2026-11-23T11:00/);
    expect(calls).toBe(1);
    expect(vt.elapsed()).toBe(0);
  });

  it('treats an exhausted rate-limit header as a minimum wait for the next request', async () => {
    const vt = virtualTime();
    const seen: number[] = [];
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/a', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      return { statusCode: 200, data: '{}', responseOptions: { headers: { 'x-ratelimit-remaining': '0', 'ratelimit-reset': '4' } } };
    });
    pool.intercept({ path: '/b', method: 'GET' }).reply(() => {
      seen.push(vt.elapsed());
      return { statusCode: 200, data: '{}' };
    });
    const c = client(vt);
    await c.request({ method: 'GET', path: '/a' });
    await c.request({ method: 'GET', path: '/b' });
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(4000);
  });
});

describe('one shared pause after a 429', () => {
  it('holds back a request started by another worker during the Retry-After pause', async () => {
    const vt = virtualTime();
    const seen: Record<string, number[]> = { a: [], b: [] };
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/a', method: 'PUT' }).reply(() => {
      seen.a!.push(vt.elapsed());
      return { statusCode: 429, data: '{}', responseOptions: { headers: { 'retry-after': '5' } } };
    });
    pool.intercept({ path: '/a', method: 'PUT' }).reply(() => {
      seen.a!.push(vt.elapsed());
      return { statusCode: 200, data: '{}' };
    });
    pool.intercept({ path: '/b', method: 'PUT' }).reply(() => {
      seen.b!.push(vt.elapsed());
      return { statusCode: 200, data: '{}' };
    });
    // The sleep of worker A is slow to resolve, so worker B starts while the pause is on.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = client(vt, {
      sleep: async (ms) => {
        await gate;
        await vt.sleep(ms);
      },
    });
    const a = c.request({ method: 'PUT', path: '/a', json: {} });
    while (c.pausedUntil() === 0) await new Promise((r) => setImmediate(r));
    const b = c.request({ method: 'PUT', path: '/b', json: {} });
    await new Promise((r) => setImmediate(r));
    expect(seen.b).toEqual([]); // nothing sent during the pause
    release();
    await Promise.all([a, b]);
    expect(seen.b![0]).toBeGreaterThanOrEqual(5250);
  });
});

describe('what is retried', () => {
  const cases: [method: 'GET' | 'PUT' | 'POST', status: number, key: boolean, attempts: number][] = [
    ['GET', 503, false, 3],
    ['GET', 500, false, 3],
    ['PUT', 502, false, 3],
    ['GET', 404, false, 1],
    ['GET', 400, false, 1],
    ['POST', 503, false, 1],
    ['POST', 500, false, 1],
    ['POST', 503, true, 3],
    ['POST', 429, false, 3],
    ['PUT', 422, false, 1],
  ];
  it.each(cases)('%s → %i (Idempotency-Key: %s) is tried %i time(s)', async (method, status, key, attempts) => {
    const vt = virtualTime();
    let calls = 0;
    agent
      .get(ORIGIN)
      .intercept({ path: '/x', method })
      .reply(() => {
        calls++;
        return { statusCode: status, data: '{}' };
      })
      .times(attempts);
    const res = await client(vt, { retry: { maxAttempts: 3, maxRateLimitRetries: 2 } })
      .request({ method, path: '/x', json: method === 'GET' ? undefined : {}, headers: key ? { 'Idempotency-Key': 'k1' } : {} })
      .catch((e) => e);
    expect(calls).toBe(attempts);
    if (status === 429) expect(res).toBeInstanceOf(RateLimitedError);
    else expect(res.status).toBe(status);
  });

  it('waits out repeated 429s beyond maxAttempts (they were not processed), within the deadline', async () => {
    const vt = virtualTime();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/x', method: 'PUT' }).reply(429, '{}', { headers: { 'retry-after': '1' } }).times(7);
    pool.intercept({ path: '/x', method: 'PUT' }).reply(200, '{}');
    const res = await client(vt, { retry: { maxAttempts: 3 } }).request({ method: 'PUT', path: '/x', json: {} });
    expect(res.status).toBe(200);
    expect(vt.elapsed()).toBeGreaterThanOrEqual(7 * 1250);
  });

  it('does not re-send a POST whose connection broke after it was written, and says it may have been received', async () => {
    const vt = virtualTime();
    agent
      .get(ORIGIN)
      .intercept({ path: '/tickets', method: 'POST' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const err = await client(vt).request({ method: 'POST', path: '/tickets', json: { a: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.data.sent).toBe(true);
  });

  it('re-sends a POST that never left (connection refused), and reports sent=false when it gives up', async () => {
    const vt = virtualTime();
    agent
      .get(ORIGIN)
      .intercept({ path: '/tickets', method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      .times(3);
    const err = await client(vt, { retry: { maxAttempts: 3 } })
      .request({ method: 'POST', path: '/tickets', json: {} })
      .catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.data.sent).toBe(false);
    expect(err.data.attempts).toBe(3);
  });

  it('uses capped exponential backoff with full jitter between attempts', async () => {
    const vt = virtualTime();
    agent.get(ORIGIN).intercept({ path: '/x', method: 'GET' }).reply(503, '').times(5);
    const rolls = [0.9, 0.1, 0.99, 0.5];
    let i = 0;
    await client(vt, { random: () => rolls[i++]!, retry: { maxAttempts: 5, baseMs: 100, capMs: 500 } })
      .request({ method: 'GET', path: '/x' })
      .catch(() => undefined);
    expect(vt.sleeps).toEqual([Math.floor(0.9 * 100), Math.floor(0.1 * 200), Math.floor(0.99 * 400), Math.floor(0.5 * 500)]);
  });

  it('stops retrying at the overall deadline', async () => {
    const vt = virtualTime();
    agent.get(ORIGIN).intercept({ path: '/x', method: 'GET' }).reply(503, '', { headers: { 'retry-after': '20' } }).times(3);
    const res = await client(vt, { retry: { maxAttempts: 10, deadlineMs: 45_000 } }).request({ method: 'GET', path: '/x' });
    expect(res.status).toBe(503);
    expect(vt.elapsed()).toBeLessThanOrEqual(45_000);
    expect(() => ensureOk(res, 'List')).toThrow(UnavailableError);
  });
});

describe('cancellation', () => {
  it('Ctrl-C (an AbortSignal) cancels a Retry-After wait at once', async () => {
    const vt = virtualTime();
    agent.get(ORIGIN).intercept({ path: '/t', method: 'GET' }).reply(429, '{}', { headers: { 'retry-after': '30' } });
    const ac = new AbortController();
    let slept = 0;
    const c = client(vt, {
      signal: ac.signal,
      // A real-looking wait that only ends when aborted.
      sleep: (ms) => {
        slept = ms;
        return new Promise(() => undefined);
      },
    });
    const p = c.request({ method: 'GET', path: '/t' }).catch((e) => e);
    while (!slept) await new Promise((r) => setImmediate(r));
    ac.abort();
    const err = await p;
    expect(err.code).toBe('cancelled');
    expect(err.exitCode).toBe(130);
  });
});

describe('credentials and traces', () => {
  it('never sends Authorization to another origin on a redirect', async () => {
    const vt = virtualTime();
    const got: Record<string, unknown>[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: '/a', method: 'GET' })
      .reply((o) => {
        got.push(o.headers as Record<string, unknown>);
        return { statusCode: 302, data: '', responseOptions: { headers: { location: 'https://cdn.other.test/file' } } };
      });
    agent
      .get('https://cdn.other.test')
      .intercept({ path: '/file', method: 'GET' })
      .reply((o) => {
        got.push(o.headers as Record<string, unknown>);
        return { statusCode: 200, data: 'x' };
      });
    const c = client(vt, { auth: () => ({ Authorization: 'Bearer s3cr3t-token' }) });
    const res = await c.request({ method: 'GET', path: '/a', headers: { Cookie: 'sid=abc' } });
    expect(res.status).toBe(200);
    const lower = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    expect(lower(got[0]!).authorization).toBe('Bearer s3cr3t-token');
    expect(lower(got[1]!).authorization).toBeUndefined();
    expect(lower(got[1]!).cookie).toBeUndefined();
  });

  it('--debug traces requests with credentials masked', async () => {
    const vt = virtualTime();
    agent.get(ORIGIN).intercept({ path: /\/q.*/, method: 'GET' }).reply(200, '{}');
    const lines: string[] = [];
    const token = 'zt_9f8e7d6c5b4a';
    const c = client(vt, {
      auth: () => ({ Authorization: 'Basic ' + Buffer.from(`me@x.test/token:${token}`).toString('base64') }),
      debug: (l) => lines.push(l),
    });
    await c.request({ method: 'GET', path: '/q', query: { api_key: token, page: 2 }, headers: { 'X-Api-Key': token } });
    const all = lines.join('\n');
    expect(all).toMatch(/GET https:\/\/api\.example\.test\/q/);
    expect(all).toMatch(/authorization: Basic \*{8}/);
    expect(all).toContain('page=2');
    expect(all).not.toContain(token);
    expect(all).not.toContain(Buffer.from(`me@x.test/token:${token}`).toString('base64'));
  });
});

describe('retry helpers', () => {
  it('parses both Retry-After forms and rejects garbage', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
  it('reads rate-limit resets as a delay or an epoch', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(rateLimitPause({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }, now)).toBe(3000);
    expect(rateLimitPause({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(now.getTime() / 1000 + 9) }, now)).toBe(9000);
    expect(rateLimitPause({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '3' }, now)).toBe(0);
  });
  it('full jitter stays in [0, min(cap, base·2^n)) and schedules differ between clients', () => {
    const schedules = new Set<string>();
    for (let c = 0; c < 1000; c++) {
      const s: number[] = [];
      for (let n = 1; n <= 6; n++) {
        const d = backoffMs(DEFAULT_RETRY, n);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(DEFAULT_RETRY.capMs, DEFAULT_RETRY.baseMs * 2 ** (n - 1)));
        s.push(d);
      }
      schedules.add(s.join(','));
    }
    expect(schedules.size).toBeGreaterThan(900);
  });
});
