// `ticket mcp` against the real RT 5 server (skipped without RT_URL locally; required in CI), driven
// by the SDK's client over stdio. The 50-ticket bulk change and its undo are checked through RT's own
// REST API with the admin credentials, not through `ticket`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { startMcp, type McpSession } from './mcp-client.js';
import { ticket } from '../../helpers/bin.js';
import { cleanup, isCI, rtEnv, rtUnavailable, tag, tempDir } from '../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();
if (why && isCI()) throw new Error(why);

const auth = () => 'Basic ' + Buffer.from(`${env!.adminUser}:${env!.adminPassword}`).toString('base64');
async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${env!.url}/REST/2.0${path}`, {
    method,
    headers: { authorization: auth(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** A loopback TCP relay to RT that can be stopped (connections cut) and started again on its port. */
async function relay(target: URL): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((c) => {
        const up = connect(Number(target.port), target.hostname);
        sockets.add(c).add(up);
        c.pipe(up).pipe(c);
        const end = () => {
          c.destroy();
          up.destroy();
        };
        c.on('error', end).on('close', end);
        up.on('error', end).on('close', end);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        server!.close(() => resolve());
      }),
  };
}

describe.runIf(!why)('ticket mcp against RT 5', () => {
  let home: string;
  let s: McpSession;
  let cliEnv: Record<string, string>;
  const run = tag('mcp');

  beforeAll(async () => {
    home = tempDir();
    cliEnv = { TICKET_BACKEND: 'rt', TICKET_URL: env!.url, TICKET_USER: env!.adminUser, TICKET_PASSWORD: env!.adminPassword };
    s = await startMcp(home, cliEnv);
  });
  afterAll(async () => {
    await s?.close();
    if (home) cleanup(home);
  });

  it('tools work against RT: create, show, update, reply, list, categories', async () => {
    const { tools } = await s.client.listTools();
    expect(tools).toHaveLength(12);
    const c = await s.call('ticket_create', { category: 'IT', subject: `${run} via mcp`, body: 'from an agent' });
    expect(c.isError, JSON.stringify(c.json)).toBe(false);
    const id = c.json.id;
    const u = await s.call('ticket_update', { id, status: 'open', priority: 'high' });
    expect(u.json, JSON.stringify(u.json)).toMatchObject({ id, status: 'open', priority: 'high' });
    expect((await rest('GET', `/ticket/${id}`)).Status).toBe('open');
    const r = await s.call('ticket_reply', { id, body: 'agent reply' });
    expect(r.isError, JSON.stringify(r.json)).toBe(false);
    const shown = await s.call('ticket_show', { id });
    expect(shown.json.comments.some((x: { body: string }) => x.body.includes('agent reply'))).toBe(true);
    const l = await s.call('ticket_list', { search: run, fields: ['id', 'status'] });
    expect(l.json).toEqual([{ id, status: 'open' }]);
    // RT cannot represent "pending": refused before sending (validation), not a crash.
    const p = await s.call('ticket_update', { id, status: 'pending' });
    expect(p.isError).toBe(true);
    // (exit 2 before sending where the adapter declares what it can set, else exit 6 with the ticket as it is)
    expect(p.json.error.code).toMatch(/^(validation|not-applied)$/);
    const cats = await s.call('categories_list');
    expect(cats.json.categories.map((x: { id: string }) => x.id)).toContain('IT');
  }, 120_000);

  it('undo of a 50-ticket bulk change restores every ticket (checked through RT\'s REST API), refusing one changed since', async () => {
    const ids: string[] = [];
    const batch = Array.from({ length: 50 }, (_, i) => i);
    for (let i = 0; i < batch.length; i += 10) {
      const made = await Promise.all(batch.slice(i, i + 10).map((n) => rest('POST', '/ticket', { Queue: 'IT', Subject: `${run} undo ${n}`, Status: 'open', Content: 'x' })));
      ids.push(...made.map((m: { id: number | string }) => String(m.id)));
    }
    const bulk = await s.call('ticket_bulk', { ids, status: 'solved' });
    expect(bulk.isError, JSON.stringify(bulk.json).slice(0, 500)).toBe(false);
    expect(bulk.json.summary, JSON.stringify(bulk.json.results.find((l: { ok: boolean }) => !l.ok))).toMatchObject({ updated: 50, failed: 0 });
    for (const id of ids.slice(0, 5)) expect((await rest('GET', `/ticket/${id}`)).Status).toBe('resolved');

    // One ticket is changed by someone else in between: undo must not overwrite it.
    const moved = ids[7]!;
    await rest('PUT', `/ticket/${moved}`, { Status: 'stalled' });

    const j = await ticket(['journal', '--json', '--limit', '0'], { home, env: cliEnv });
    const entries = JSON.parse(j.stdout).filter((e: { bulkRun?: string; ticket: string }) => e.bulkRun && ids.includes(e.ticket));
    expect(entries).toHaveLength(50);
    expect(entries[0]).toMatchObject({ via: 'mcp', op: 'bulk', before: { status: 'open' }, after: { status: 'solved' } });
    const runId = entries[0].bulkRun;

    const undo = await ticket(['undo', runId, '--json'], { home, env: cliEnv, timeout: 300_000 });
    expect(undo.exitCode, undo.stderr).toBe(8);
    const lines = undo.stdout.trim().split('\n').map((x) => JSON.parse(x));
    expect(lines).toHaveLength(50);
    const refused = lines.filter((x) => !x.ok);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ id: moved, error: { code: 'conflict' } });
    expect(refused[0].error.message).toContain(`#${moved}`);
    expect(undo.stderr).toContain('Comments are not deleted');

    // RT itself says: every other ticket is open again; the moved one is still stalled.
    const statuses = await Promise.all(ids.map(async (id) => [id, (await rest('GET', `/ticket/${id}`)).Status as string] as const));
    for (const [id, st] of statuses) expect(st, id).toBe(id === moved ? 'stalled' : 'open');

    // The undo is journaled too.
    const after = JSON.parse((await ticket(['journal', '--json', '--limit', '0'], { home, env: cliEnv })).stdout);
    expect(after.filter((e: { op: string; undoOf?: string }) => e.op === 'undo' && e.undoOf === runId)).toHaveLength(49);
  }, 540_000);

  it('survives an RT outage: unavailable while it is away, working again when it is back', async () => {
    const r = await relay(new URL(env!.url));
    const h = tempDir();
    const m = await startMcp(h, { ...cliEnv, TICKET_URL: r.url });
    try {
      expect((await m.call('ticket_list', { limit: 1 })).isError).toBe(false);
      await r.stop();
      const down = await m.call('ticket_list', { limit: 1 });
      expect(down.isError).toBe(true);
      expect(down.json.error).toMatchObject({ code: 'unavailable', retryable: true });
      await r.start();
      const back = await m.call('ticket_list', { limit: 1 });
      expect(back.isError, JSON.stringify(back.json)).toBe(false);
    } finally {
      await m.close();
      await r.stop().catch(() => undefined);
      cleanup(h);
    }
  }, 400_000);
});
