// `ticket mcp` driven by the SDK's own client over stdio (the built binary), local backend; a
// loopback Zendesk fake for the outage. npm test builds first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Ajv2020Module from 'ajv/dist/2020.js';
import { resourceJson, startMcp, type McpSession } from './mcp-client.js';

// ajv is CommonJS: its class is the default export, or that export's own default.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => { compile(s: object): unknown };
import { ticket, BIN } from '../../helpers/bin.js';
import { startZendeskFake } from '../../fakes/zendesk-server.js';
import { TOOLS } from '../../../src/schema/tools.js';

const home = () => mkdtempSync(join(tmpdir(), 'ticket-mcp-'));
const journal = (h: string) => {
  try {
    return readFileSync(join(h, 'state', 'journal.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

describe('ticket mcp (local backend)', () => {
  let h: string;
  let s: McpSession;
  beforeAll(async () => {
    h = home();
    s = await startMcp(h);
  });
  afterAll(async () => s?.close());

  it('lists exactly the contract\'s tools, each with valid input and output JSON Schemas and truthful annotations', async () => {
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['categories_list', 'category_show', 'kb_search', 'kb_show', 'ticket_bulk', 'ticket_close', 'ticket_create', 'ticket_list', 'ticket_reopen', 'ticket_reply', 'ticket_show', 'ticket_update'].sort(),
    );
    const ajv = new Ajv2020({ strict: false });
    for (const t of tools) {
      expect(() => ajv.compile(t.inputSchema), t.name).not.toThrow();
      expect(() => ajv.compile(t.outputSchema!), t.name).not.toThrow();
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema!.type).toBe('object');
      const read = ['ticket_list', 'ticket_show', 'categories_list', 'category_show', 'kb_search', 'kb_show'].includes(t.name);
      expect(t.annotations?.readOnlyHint, t.name).toBe(read);
      if (read) expect(t.annotations?.destructiveHint).toBe(false);
      // Every write tool takes dryRun.
      if (!read) expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toContain('dryRun');
    }
    expect(tools.find((t) => t.name === 'ticket_update')!.annotations!.destructiveHint).toBe(true);
    expect(tools.find((t) => t.name === 'ticket_create')!.annotations!.idempotentHint).toBe(false);
    expect(tools.find((t) => t.name === 'ticket_bulk')!.annotations!.idempotentHint).toBe(true);
    // Input names are the flags' names in camelCase.
    const upd = tools.find((t) => t.name === 'ticket_update')!;
    expect(Object.keys(upd.inputSchema.properties!)).toEqual(['id', 'status', 'priority', 'fields', 'addCc', 'comment', 'dryRun']);
    expect((upd.inputSchema.properties!.status as { enum: string[] }).enum).toEqual(['new', 'open', 'pending', 'on-hold', 'solved', 'closed']);
  });

  it('every tool\'s happy path returns the CLI\'s JSON shapes (the client checks them against the output schemas)', async () => {
    const created = await s.call('ticket_create', { category: 'IT', subject: 'Printer on fire', body: 'It smokes.', priority: 'low', tags: ['mcp'] });
    expect(created.isError).toBe(false);
    expect(created.json).toMatchObject({ subject: 'Printer on fire', status: 'new', priority: 'low', action: 'created', category: 'IT' });
    const id = created.json.id as string;
    // The same object `ticket show --json` prints.
    const cli = await ticket(['show', id, '--json'], { home: h });
    const shown = await s.call('ticket_show', { id });
    expect(shown.json).toEqual(JSON.parse(cli.stdout));

    const listed = await s.call('ticket_list', { status: ['new'], fields: ['id', 'subject'] });
    expect(listed.json).toEqual([{ id, subject: 'Printer on fire' }]);
    expect(listed.structured).toEqual({ tickets: [{ id, subject: 'Printer on fire' }] });

    const replied = await s.call('ticket_reply', { id, body: 'Still smoking.' });
    expect(replied.json).toMatchObject({ id, comment: { body: 'Still smoking.' } });
    const updated = await s.call('ticket_update', { id, status: 'pending', priority: 'high', addCc: ['ops@example.com'] });
    expect(updated.json).toMatchObject({ id, status: 'pending', priority: 'high', cc: ['ops@example.com'], action: 'updated' });
    const closed = await s.call('ticket_close', { id, comment: 'Extinguished.' });
    expect(closed.json).toMatchObject({ id, status: 'solved', action: 'closed' });
    const reopened = await s.call('ticket_reopen', { id, comment: 'Back on fire.' });
    expect(reopened.json).toMatchObject({ id, action: 'reopened', followUp: false });
    expect(['new', 'open']).toContain(reopened.json.status);

    const second = (await s.call('ticket_create', { category: 'IT', subject: 'Two', body: 'b' })).json.id;
    const bulk = await s.call('ticket_bulk', { ids: [id, second], status: 'solved' });
    expect(bulk.isError).toBe(false);
    expect(bulk.json.results.map((l: { id: string; ok: boolean; action: string }) => [l.id, l.ok, l.action])).toEqual([
      [id, true, 'updated'],
      [second, true, 'updated'],
    ]);
    expect(bulk.json.summary).toMatchObject({ updated: 2, failed: 0, total: 2 });
    const again = await s.call('ticket_bulk', { filter: { status: ['solved'] }, status: 'solved' });
    expect(again.json.results.every((l: { action: string }) => l.action === 'unchanged')).toBe(true);

    const cats = await s.call('categories_list');
    expect(cats.json.categories.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['IT', 'DMS', 'CRM', 'CONNECT']));
    const dms = await s.call('category_show', { id: 'dms' });
    expect(dms.json.id).toBe('DMS');
    expect(dms.json.fields.map((f: { key: string }) => f.key)).toContain('site');
    const kb = await s.call('kb_search', { query: 'printer offline', limit: 2 });
    expect(kb.json.length).toBeGreaterThan(0);
    const art = await s.call('kb_show', { id: kb.json[0].id });
    expect(art.json).toMatchObject({ id: kb.json[0].id });
    expect(typeof art.json.body).toBe('string');

    // Resources: categories and the allowed operations.
    const res = await s.client.listResources();
    expect(res.resources.map((r) => r.uri)).toEqual(['ticket://categories', 'ticket://profile/allowed-operations']);
    const allowed = await resourceJson(s, 'ticket://profile/allowed-operations');
    expect(allowed).toMatchObject({ readOnly: false, allow: ['*'] });
    const one = await resourceJson(s, 'ticket://categories/DMS');
    expect(one.id).toBe('DMS');

    // Every write was journaled, via mcp, with before → after.
    const j = journal(h).filter((e) => e.ticket === id);
    expect(j.every((e) => e.via === 'mcp' && e.pid > 0)).toBe(true);
    expect(j.find((e) => e.op === 'update')).toMatchObject({ before: { status: 'new', priority: 'low' }, after: { status: 'pending', priority: 'high' } });
    expect(j.find((e) => e.op === 'reply')?.commentId).toBeTruthy();
    expect(statSync(join(h, 'state', 'journal.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('dryRun validates and writes nothing', async () => {
    const id = (await s.call('ticket_create', { category: 'IT', subject: 'Dry', body: 'b' })).json.id;
    const before = journal(h).length;
    const u = await s.call('ticket_update', { id, status: 'solved', dryRun: true });
    expect(u.isError).toBe(false);
    expect(u.json).toMatchObject({ dryRun: true, id, changes: { status: 'solved' }, ticket: { status: 'new' } });
    expect((await s.call('ticket_close', { id, dryRun: true })).json.dryRun).toBe(true);
    expect((await s.call('ticket_bulk', { ids: [id], status: 'closed', dryRun: true })).json.results[0]).toMatchObject({ action: 'would-update', from: 'new', to: 'closed' });
    const c = await s.call('ticket_create', { category: 'DMS', subject: 'Dry create', body: 'b', fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '123456' }, dryRun: true });
    expect(c.isError, JSON.stringify(c.json)).toBe(false);
    expect(c.json).toMatchObject({ dryRun: true, ticket: { category: 'DMS', fields: { site: 'Paris' } } });
    expect((await s.call('ticket_show', { id })).json.status).toBe('new');
    expect(journal(h).length).toBe(before);
  });

  it('bad input is a tool error with the contract\'s error object, and the server goes on', async () => {
    const bad = await s.call('ticket_update', { id: '1', status: 'finished' });
    expect(bad.isError).toBe(true);
    expect(bad.json.error).toMatchObject({ code: 'usage', retryable: false });
    expect(bad.json.error.message).toContain('status');
    const unknown = await s.call('ticket_list', { colour: 'red' });
    expect(unknown.json.error.code).toBe('usage');
    expect(unknown.json.error.message).toContain('colour');
    const missing = await s.call('ticket_show', {});
    expect(missing.json.error.message).toContain('id is required');
    const nf = await s.call('ticket_show', { id: '99999' });
    expect(nf.json.error.code).toBe('not_found');
    const field = await s.call('ticket_create', { category: 'DMS', subject: 'x', body: 'y', fields: { site: 'Atlantis' } });
    expect(field.json.error.code).toBe('validation');
    const fields = await s.call('ticket_list', { fields: ['id', 'colour'] });
    expect(fields.json.error).toMatchObject({ code: 'usage' });
    expect(fields.json.error.hint).toContain('backendStatus');
    const noTool = await s.client.callTool({ name: 'ticket_delete', arguments: {} });
    expect(noTool.isError).toBe(true);
    expect((await s.call('categories_list')).isError).toBe(false);
  });

  it('20 concurrent tool calls on one session all answer, each journaled as itself', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await s.call('ticket_create', { category: 'IT', subject: `conc ${i}`, body: 'b' })).json.id);
    const calls = ids.flatMap((id, i) => [s.call('ticket_update', { id, priority: i % 2 ? 'high' : 'low' }), s.call('ticket_show', { id })]);
    const out = await Promise.all(calls);
    expect(out.filter((r) => r.isError)).toEqual([]);
    for (let i = 0; i < 10; i++) expect(out[2 * i]!.json).toMatchObject({ id: ids[i], priority: i % 2 ? 'high' : 'low' });
    const ups = journal(h).filter((e) => e.op === 'update' && ids.includes(e.ticket));
    expect(ups).toHaveLength(10);
    expect(new Set(ups.map((e) => e.run)).size).toBe(10);
  });

  it('writes nothing but protocol messages on stdout', async () => {
    const h2 = home();
    const child = spawn(process.execPath, [BIN, 'mcp'], { env: { PATH: process.env.PATH, HOME: h2, TICKET_HOME: h2, LANG: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const send = (m: object) => child.stdin.write(JSON.stringify(m) + '\n');
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ticket_create', arguments: { category: 'IT', subject: 's', body: 'b' } } });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'ticket_update', arguments: { id: '1', status: 'nope' } } });
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'ticket_list', arguments: {} } });
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (out.split('\n').filter(Boolean).length >= 4) {
          clearInterval(t);
          r();
        }
      }, 20);
    });
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const lines = out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(JSON.parse(l).jsonrpc).toBe('2.0');
    expect(child.exitCode).toBe(0);
  });
});

describe('ticket mcp: priority words and the justification', () => {
  it('ticket_create high without a justification is a `usage` tool error; with one, the portals\' words work', async () => {
    const h = home();
    const s = await startMcp(h);
    try {
      const bare = await s.call('ticket_create', { category: 'IT', subject: 'Down', body: 'All down.', priority: 'high' });
      expect(bare.isError).toBe(true);
      expect(bare.json.error).toMatchObject({ code: 'usage', data: { flag: 'justification' } });
      expect((await s.call('ticket_list', {})).json).toEqual([]);
      const ok = await s.call('ticket_create', { category: 'IT', subject: 'Down', body: 'All down.', priority: 'Haute', justification: 'Nobody can work' });
      expect(ok.isError, JSON.stringify(ok.json)).toBe(false);
      expect(ok.json).toMatchObject({ priority: 'high', action: 'created' });
      const shown = await s.call('ticket_show', { id: ok.json.id });
      expect(shown.json.comments[0].body).toContain('## Why this priority\n\nNobody can work');
      const upd = await s.call('ticket_update', { id: ok.json.id, priority: 'scăzută' });
      expect(upd.json).toMatchObject({ priority: 'low' });
      const bad = await s.call('ticket_update', { id: ok.json.id, priority: 'critique' });
      expect(bad.isError).toBe(true);
      expect(bad.json.error.code).toBe('usage');
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('ticket mcp guard rails', () => {
  it('a read-only profile refuses every write with `permission`, naming the setting, and sends nothing; reads work', async () => {
    const h = home();
    expect((await ticket(['create', '-c', 'IT', '-s', 'ro', '-b', 'b'], { home: h })).exitCode).toBe(0);
    expect((await ticket(['config', 'set', 'readOnly', 'true'], { home: h })).exitCode).toBe(0);
    const before = journal(h).length;
    const s = await startMcp(h);
    try {
      const r = await s.call('ticket_update', { id: '1', status: 'solved' });
      expect(r.isError).toBe(true);
      expect(r.json.error).toMatchObject({ code: 'permission', data: { setting: 'readOnly' } });
      expect(r.json.error.message).toContain('readOnly');
      for (const [name, args] of [
        ['ticket_create', { category: 'IT', subject: 's', body: 'b' }],
        ['ticket_reply', { id: '1', body: 'b' }],
        ['ticket_close', { id: '1' }],
        ['ticket_bulk', { ids: ['1'], status: 'closed' }],
      ] as const) {
        expect((await s.call(name, args)).json.error?.code, name).toBe('permission');
      }
      expect((await s.call('ticket_show', { id: '1' })).json.status).toBe('new');
      const allowed = await resourceJson(s, 'ticket://profile/allowed-operations');
      expect(allowed).toMatchObject({ readOnly: true, operations: ['list', 'show'] });
    } finally {
      await s.close();
    }
    expect(journal(h).length).toBe(before);
    // The CLI is refused the same way, exit 4.
    const cli = await ticket(['update', '1', '--status', 'solved', '--json'], { home: h });
    expect(cli.exitCode).toBe(4);
    expect(JSON.parse(cli.stderr).error).toMatchObject({ code: 'permission' });
  });

  it('--profile picks the profile the server serves', async () => {
    const h = home();
    expect((await ticket(['--profile', 'bot', 'config', 'set', 'readOnly', 'true'], { home: h })).exitCode).toBe(0);
    expect((await ticket(['--profile', 'default', 'config', 'set', 'lang', 'en'], { home: h })).exitCode).toBe(0);
    expect((await ticket(['profile', 'use', 'default'], { home: h })).exitCode).toBe(0);
    const s = await startMcp(h, {}, ['--profile', 'bot']);
    try {
      expect(await resourceJson(s, 'ticket://profile/allowed-operations')).toMatchObject({ profile: 'bot', readOnly: true });
      expect((await s.call('ticket_create', { category: 'IT', subject: 's', body: 'b' })).json.error.code).toBe('permission');
    } finally {
      await s.close();
    }
    const d = await startMcp(h);
    try {
      expect(await resourceJson(d, 'ticket://profile/allowed-operations')).toMatchObject({ profile: 'default', readOnly: false });
    } finally {
      await d.close();
    }
  });

  it('allow narrows to operations and update keys; TICKET_ALLOW narrows further, never widens', async () => {
    const h = home();
    await ticket(['create', '-c', 'IT', '-s', 'a', '-b', 'b'], { home: h });
    expect((await ticket(['config', 'set', 'allow', 'list,show,reply,update:status'], { home: h })).exitCode).toBe(0);
    expect((await ticket(['config', 'set', 'allow', 'list,delete'], { home: h })).exitCode).toBe(2);
    const s = await startMcp(h, { TICKET_ALLOW: 'list,show,update,bulk' });
    try {
      expect((await s.call('ticket_update', { id: '1', status: 'pending' })).json).toMatchObject({ status: 'pending' });
      const pr = await s.call('ticket_update', { id: '1', priority: 'high' });
      expect(pr.json.error).toMatchObject({ code: 'permission', data: { setting: 'allow', operation: 'update:priority' } });
      // reply is allowed by the profile but not by TICKET_ALLOW.
      expect((await s.call('ticket_reply', { id: '1', body: 'x' })).json.error).toMatchObject({ code: 'permission', data: { setting: 'TICKET_ALLOW' } });
      // bulk is in TICKET_ALLOW but not in the profile: TICKET_ALLOW does not widen.
      expect((await s.call('ticket_bulk', { ids: ['1'], status: 'open' })).json.error).toMatchObject({ code: 'permission', data: { setting: 'allow' } });
    } finally {
      await s.close();
    }
    const cli = await ticket(['update', '1', '--priority', 'high'], { home: h });
    expect(cli.exitCode).toBe(4);
    expect(cli.stderr).toContain('allow');
  });

  it('survives a backend outage: tools answer `unavailable`, then work again when it is back', async () => {
    const h = home();
    let fake = await startZendeskFake();
    const port = Number(new URL(fake.url).port);
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const s = await startMcp(h, env);
    try {
      const ok = await s.call('ticket_list', { limit: 5 });
      expect(ok.isError, JSON.stringify(ok.json)).toBe(false);
      await fake.close();
      const down = await s.call('ticket_list', { limit: 5 });
      expect(down.isError).toBe(true);
      expect(down.json.error).toMatchObject({ code: 'unavailable', retryable: true });
      const downWrite = await s.call('ticket_create', { category: '5002', subject: 'during outage', body: 'b' });
      expect(downWrite.json.error.code).toMatch(/unavailable|validation/);
      fake = await startZendeskFake({ port });
      const back = await s.call('ticket_list', { limit: 5 });
      expect(back.isError, JSON.stringify(back.json)).toBe(false);
      expect(Array.isArray(back.json)).toBe(true);
    } finally {
      await s.close();
      await fake.close();
    }
  }, 90_000);
});

describe('schemas', () => {
  it('the tool definitions cover the contract\'s inputs', () => {
    const keys = (n: string) => Object.keys((TOOLS.find((t) => t.name === n)!.input.properties as object) ?? {});
    expect(keys('ticket_list')).toEqual(['status', 'category', 'requester', 'mine', 'since', 'search', 'query', 'limit', 'sort', 'fields']);
    expect(keys('ticket_create')).toEqual(['category', 'subject', 'body', 'priority', 'type', 'fields', 'cc', 'tags', 'justification', 'dedupeKey', 'dryRun']);
    expect(keys('ticket_bulk')).toEqual(['ids', 'filter', 'query', 'status', 'priority', 'comment', 'max', 'dryRun']);
    expect(keys('kb_search')).toEqual(['query', 'category', 'limit']);
  });
});
