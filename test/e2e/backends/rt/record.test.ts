// Records the answers of the real RT server for the replay suite (replay.test.ts):
//
//   RT_RECORD=1 npx vitest run test/backends/rt/record.test.ts      (with the RT env loaded)
//
// The adapter talks to a loopback proxy in front of RT, which keeps each request (method, path,
// JSON body) and RT's answer (status, content type, location, body). Scrubbed before saving: the
// server's origin becomes https://rt.example.com; no credentials are kept (the Authorization header
// is never recorded; the customer's token is not in any answer). Skipped unless RT_RECORD=1.
import { describe, expect, it } from 'vitest';
import * as http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRtBackend } from '../../../../src/backends/rt/index.js';
import type { Backend } from '../../../../src/backends/backend.js';
import { NotAppliedError, ValidationError } from '../../../../src/errors.js';
import { cleanup, rtEnv, tempDir } from '../../../helpers/rt-env.js';
import { FIXTURE_URL, ORIGIN, staleSchema, type Interaction, type Scene } from '../../../helpers/rt-replay.js';

const env = rtEnv();
const on = process.env.RT_RECORD === '1' && !!env && !!process.env.RT_CUSTOMER_TOKEN;

describe.runIf(on)('record RT answers for the replay suite', { timeout: 600_000 }, () => {
  it('records every scene', async () => {
    const rtOrigin = new URL(env!.url).origin;
    let log: Interaction[] = [];
    let proxyOrigin = '';
    const scrub = (s: string) => s.split(rtOrigin).join(ORIGIN).split(proxyOrigin).join(ORIGIN);
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reqBody = Buffer.concat(chunks);
        const headers = { ...req.headers, host: new URL(rtOrigin).host };
        const up = http.request(`${rtOrigin}${req.url}`, { method: req.method, headers }, (r) => {
          const out: Buffer[] = [];
          r.on('data', (c: Buffer) => out.push(c));
          r.on('end', () => {
            // Live: RT's own links point back at the proxy, so next_page goes through it too.
            const text = Buffer.concat(out).toString('utf8').split(rtOrigin).join(proxyOrigin);
            const ct = String(r.headers['content-type'] ?? '');
            let body: unknown;
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
            let sentJson: unknown;
            if (String(req.headers['content-type'] ?? '').includes('json') && reqBody.length) sentJson = JSON.parse(reqBody.toString('utf8'));
            const kept: Record<string, string> = {};
            if (ct) kept['content-type'] = ct;
            if (r.headers.location) kept.location = scrub(String(r.headers.location));
            log.push({
              method: req.method!,
              path: scrub(req.url!),
              ...(sentJson !== undefined ? { body: JSON.parse(scrub(JSON.stringify(sentJson))) } : {}),
              status: r.statusCode ?? 0,
              headers: kept,
              ...(body !== undefined ? { json: JSON.parse(scrub(JSON.stringify(body))) } : { text: scrub(text).slice(0, 500) }),
            });
            const h = { ...r.headers };
            delete h['content-length'];
            res.writeHead(r.statusCode ?? 502, h);
            res.end(text);
          });
        });
        up.end(reqBody);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxyOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const homes: string[] = [];
    const fresh = (): { rt: Backend; state: string } => {
      const home = tempDir('ticket-rt-record-');
      homes.push(home);
      const state = join(home, 'state');
      const rt = createRtBackend({
        profile: { backend: 'rt', profileName: null, sources: {}, url: proxyOrigin, token: process.env.RT_CUSTOMER_TOKEN, email: env!.email },
        paths: { config: join(home, 'config'), state, data: join(home, 'data') },
        env: {},
        now: () => new Date(),
        lang: 'en',
      });
      return { rt, state };
    };
    const out: Record<string, Scene> = {};
    const scene = async (name: string, note: string, input: Record<string, unknown>, fn: (b: { rt: Backend; state: string }) => Promise<unknown>) => {
      const b = fresh();
      log = [];
      await fn(b);
      await b.rt.close?.();
      out[name] = { note, input, interactions: log };
      log = [];
    };
    const raw = async (method: string, path: string, body?: unknown, token = process.env.RT_CUSTOMER_TOKEN) => {
      const res = await fetch(`${proxyOrigin}/REST/2.0/${path}`, {
        method,
        headers: { authorization: `token ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await res.arrayBuffer();
    };

    try {
      await scene('schema', 'listCategories, then writeCapabilities (no further requests)', {}, async ({ rt }) => {
        await rt.listCategories();
        await rt.writeCapabilities!();
      });
      const create = { category: 'CRM', subject: 'Replay: export CRM vers Excel', body: 'L’export échoue ✓', priority: 'normal', type: 'feature', fields: {}, attachments: [], cc: [], tags: [] };
      let id = '';
      await scene('create-type', 'create in CRM with --type feature (TicketType), read back', create, async ({ rt }) => {
        id = (await rt.createTicket(create as never)).id;
      });
      await scene('create-no-type', 'create in IT with --type question: refused before sending (IT has no TicketType)', {}, async ({ rt }) => {
        await expect(rt.createTicket({ ...create, category: 'IT', type: 'question' } as never)).rejects.toThrow(ValidationError);
      });
      await scene('list', 'list CRM tickets matching the subject', { search: create.subject }, async ({ rt }) => {
        await rt.listTickets({ category: 'CRM', search: create.subject, limit: 1, sort: 'created' });
      });
      await scene('show', 'show with the conversation', { id }, async ({ rt }) => {
        await rt.getTicket(id, { comments: true });
      });
      await scene('reply-status', 'a public reply setting on-hold: one correspond carrying Status', { id }, async ({ rt }) => {
        await rt.reply(id, { body: 'Merci, je regarde.', attachments: [], public: true, status: 'on-hold' });
      });
      await scene('comment', 'an internal note', { id }, async ({ rt }) => {
        await rt.reply(id, { body: 'Note interne', attachments: [], public: false });
      });
      await scene('update', 'priority high, status open, add a CC', { id }, async ({ rt }) => {
        await rt.updateTicket(id, { priority: 'high', status: 'open', addCc: ['chef@example.com'] });
      });
      await scene('close', 'close: solved (resolved)', { id }, async ({ rt }) => {
        await rt.updateTicket(id, { status: 'solved' });
      });
      await scene('reopen', 'reopen: open', { id }, async ({ rt }) => {
        await rt.reopen(id, {});
      });
      await scene('bulk', 'bulk on-hold on the ticket and on a ticket that does not exist', { id }, async ({ rt }) => {
        await rt.bulkUpdate!([
          { id, changes: { status: 'on-hold' } },
          { id: '999999', changes: { status: 'on-hold' } },
        ]);
      });
      await scene('refused-status', "RT's answer to a status its lifecycle lacks (PUT Status pending, sent raw), then the ticket read back", { id }, async ({ rt }) => {
        await raw('PUT', `ticket/${id}`, { Status: 'pending' });
        await rt.getTicket(id);
      });
      const dms = {
        category: 'DMS', subject: 'Replay: commande atelier', body: 'x', priority: 'normal', type: null, attachments: [], cc: [], tags: [],
        fields: { Établissement: 'Paris', 'Type de document': 'Commande atelier', 'Numéro de document': '4242' },
      };
      await scene('dropped-field', 'create in DMS; the schema cache then lists a field RT no longer has; update and bulk set it: RT answers [] and drops it', dms, async ({ rt, state }) => {
        const t = await rt.createTicket(dms as never);
        staleSchema(state);
        const again = createRtBackend({
          profile: { backend: 'rt', profileName: null, sources: {}, url: proxyOrigin, token: process.env.RT_CUSTOMER_TOKEN, email: env!.email },
          paths: { config: join(state, '..', 'config'), state, data: join(state, '..', 'data') },
          env: {},
          now: () => new Date(),
          lang: 'en',
        });
        await expect(again.updateTicket(t.id, { fields: { 'Ancien champ': '1' } })).rejects.toThrow(NotAppliedError);
        await again.bulkUpdate!([{ id: t.id, changes: { fields: { 'Ancien champ': '2' } } }]);
        await again.close?.();
        (out as Record<string, unknown>).droppedId = t.id;
      });
      await scene('not-found', 'show a ticket that does not exist', {}, async ({ rt }) => {
        await expect(rt.getTicket('999999')).rejects.toThrow(/not found/);
      });
      await scene('bad-token', 'a token RT does not know', {}, async () => {
        await raw('GET', 'rt', undefined, 'not-a-token');
      });
    } finally {
      server.close();
      homes.forEach(cleanup);
    }
    delete (out as Record<string, unknown>).droppedId;
    const text = JSON.stringify({ recordedAt: new Date().toISOString(), server: 'RT 5.0.3 (Debian 12), scripts/rt/seed.pl data', scenes: out }, null, 1);
    expect(text).not.toContain(process.env.RT_CUSTOMER_TOKEN!);
    expect(text).not.toContain(env!.password);
    expect(text).not.toMatch(/127\.0\.0\.1|RT_SID_/);
    mkdirSync(new URL('.', FIXTURE_URL), { recursive: true });
    writeFileSync(FIXTURE_URL, text + '\n');
  });
});
