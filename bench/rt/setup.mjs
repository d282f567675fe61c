// Shared set-up for the RT benchmarks: where the server is, how to run `ticket` and RT's own `rt`
// client against it with the same account, and REST helpers for seeding/resetting (not measured).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/ticket.js');

/** RT_URL etc. from the environment, else from $RT_STATE/env written by scripts/rt/start.sh. */
export function rtEnv() {
  const e = { ...process.env };
  if (!e.RT_URL) {
    const f = join(e.RT_STATE || '/tmp/ticket-rt', 'env');
    if (!existsSync(f)) throw new Error('RT_URL is not set and no $RT_STATE/env: run scripts/rt/start.sh first.');
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m && !e[m[1]]) e[m[1]] = m[2];
    }
  }
  return {
    url: e.RT_URL,
    user: e.RT_CUSTOMER_USER || 'customer',
    password: e.RT_CUSTOMER_PASSWORD || 'customer-password',
    adminUser: e.RT_ADMIN_USER || 'root',
    adminPassword: e.RT_ADMIN_PASSWORD || 'password',
  };
}

/** Two clean homes: one for `ticket` (TICKET_HOME), one for `rt` (~/.rt_sessions). */
export function homes() {
  const ticketHome = mkdtempSync(join(tmpdir(), 'bench-rt-ticket-'));
  const rtHome = mkdtempSync(join(tmpdir(), 'bench-rt-rtcli-'));
  return {
    ticketHome,
    rtHome,
    cleanup() {
      rmSync(ticketHome, { recursive: true, force: true });
      rmSync(rtHome, { recursive: true, force: true });
    },
  };
}

export function ticketEnv(rt, h) {
  return {
    PATH: process.env.PATH,
    HOME: h.ticketHome,
    TICKET_HOME: h.ticketHome,
    TICKET_BACKEND: 'rt',
    TICKET_URL: rt.url,
    TICKET_USER: rt.user,
    TICKET_PASSWORD: rt.password,
    LANG: 'C.UTF-8',
  };
}

export function rtCliEnv(rt, h) {
  return {
    PATH: process.env.PATH,
    HOME: h.rtHome,
    RTSERVER: rt.url,
    RTUSER: rt.user,
    RTPASSWD: rt.password,
    LANG: 'C.UTF-8',
  };
}

/** A logged-in REST 2.0 session for seeding (cookie auth: fast). */
export async function restSession(url, user, password) {
  const login = await fetch(`${url}/NoAuth/Login.html`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user, pass: password }),
    redirect: 'manual',
  });
  await login.arrayBuffer();
  const cookie = /RT_SID_[^=]+=[0-9a-f]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('RT login failed');
  const call = async (method, path, body) => {
    const r = await fetch(`${url}/REST/2.0/${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
  };
  return { call };
}

/** `n` tickets in one queue, filed by the customer; returns their ids. */
export async function seedTickets(rt, queue, n, subject) {
  const s = await restSession(rt.url, rt.user, rt.password);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const r = await s.call('POST', 'ticket', { Queue: queue, Subject: `${subject} ${i + 1}`, Requestor: rt.user, Content: 'bench', ContentType: 'text/plain' });
    ids.push(String(r.id));
  }
  return ids;
}
