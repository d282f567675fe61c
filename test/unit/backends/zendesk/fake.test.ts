// The Zendesk adapter against the loopback fake: the behaviours a user notices across several
// requests (pagination, 429 + Retry-After, closed → follow-up, expired upload tokens, bulk jobs).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZendeskBackend } from '../../../../src/backends/zendesk/index.js';
import type { Backend } from '../../../../src/backends/backend.js';
import type { CreateInput } from '../../../../src/model.js';
import { startZendeskFake, type ZendeskFake, type ZendeskFakeOptions } from '../../../fakes/zendesk-server.js';
import { backendContext } from '../../../helpers/context.js';

let fake: ZendeskFake | null = null;
let backend: Backend | null = null;
let dir: string | null = null;

afterEach(async () => {
  await backend?.close?.();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  fake = backend = dir = null;
});

async function setup(opts: ZendeskFakeOptions = {}) {
  fake = await startZendeskFake(opts);
  backend = createZendeskBackend(backendContext({ backend: 'zendesk', url: fake.url, user: fake.email, token: fake.token }), { sleep: async () => undefined });
  return { fake, backend };
}

function input(over: Partial<CreateInput> = {}): CreateInput {
  return {
    category: '5002',
    subject: 'Commande bloquée',
    body: 'La commande ne s’imprime pas.',
    priority: 'high',
    type: 'incident',
    fields: { site: 'Lyon', document_type: 'Commande vente pièces', document_number: '123456' },
    attachments: [],
    cc: ['boss@example.com'],
    tags: ['dms'],
    ...over,
  };
}

describe('Zendesk adapter against the loopback fake', () => {
  it('exposes the DMS form with the local keys, labels, options and pattern', async () => {
    const { backend } = await setup();
    const cats = await backend.listCategories();
    expect(cats.map((c) => c.name)).toEqual(['IT support', 'DMS', 'Back office']);
    const dms = await backend.getCategory('dms');
    expect(dms.fields.map((f) => [f.key, f.label, f.type, f.required])).toEqual([
      ['company', 'Société', 'text', false],
      ['site', 'Établissement', 'select', true],
      ['document_type', 'Type de document', 'select', true],
      ['document_number', 'Numéro de document', 'text', true],
    ]);
    expect(dms.fields[1].options).toEqual(['Paris', 'Lyon', 'Marseille', 'Bordeaux']);
    expect(dms.fields[3].pattern).toBe('^[0-9]{4,10}$');
  });

  it('creates with fields sent as tags, CCs, tags and the Idempotency-Key, and reads them back as names', async () => {
    const { fake, backend } = await setup();
    const t = await backend.createTicket(input({ idempotencyKey: 'k-1' }));
    expect(t).toMatchObject({
      subject: 'Commande bloquée',
      status: 'new',
      priority: 'high',
      type: 'incident',
      category: '5002',
      cc: ['boss@example.com'],
      fields: { site: 'Lyon', document_type: 'Commande vente pièces', document_number: '123456' },
    });
    const post = fake.log.find((r) => r.method === 'POST' && r.path === '/api/v2/tickets')!;
    expect(post.headers['idempotency-key']).toBe('k-1');
    expect((post.body as { ticket: { custom_fields: unknown } }).ticket.custom_fields).toEqual([
      { id: 360002, value: 'site_lyon' },
      { id: 360003, value: 'doc_commande_vente_pieces' },
      { id: 360004, value: '123456' },
    ]);
    // Same key again: Zendesk replays the first ticket instead of filing a second one.
    const again = await backend.createTicket(input({ idempotencyKey: 'k-1' }));
    expect(again.id).toBe(t.id);
    expect(fake.tickets.size).toBe(1);
  });

  it('downloads an attachment through content_url, streamed, without sending credentials to storage', async () => {
    const { fake, backend } = await setup();
    dir = await mkdtemp(join(tmpdir(), 'zd-dl-'));
    const path = join(dir, 'log.bin');
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 13) % 256));
    await writeFile(path, bytes);
    const t = await backend.createTicket(input({ idempotencyKey: 'k-dl', attachments: [{ path, name: 'log.bin', size: bytes.length, contentType: 'application/octet-stream' }] }));
    const { downloadAttachments } = await import('../../../../src/operations/download.js');
    const out = join(dir, 'out');
    const [f] = await downloadAttachments(backend, t.id, { dir: out, force: false });
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(f.path)).equals(bytes)).toBe(true);
    const storage = fake.log.filter((l) => l.path.startsWith('/storage/'));
    expect(storage).toHaveLength(1);
    expect(storage[0].headers.authorization).toBeUndefined();
    expect(fake.log.find((l) => l.path.startsWith('/attachments/token/'))!.headers.authorization).toMatch(/^Basic /);
  });

  it('uploads attachments again once when the upload token has expired', async () => {
    const { fake, backend } = await setup({ expireFirstUpload: true });
    dir = await mkdtemp(join(tmpdir(), 'zd-'));
    const path = join(dir, 'shot.png');
    await writeFile(path, Buffer.from('PNGDATA'));
    const t = await backend.createTicket(input({ idempotencyKey: 'k-2', attachments: [{ path, name: 'shot.png', size: 7, contentType: 'image/png' }] }));
    const shown = await backend.getTicket(t.id, { comments: true });
    expect(shown.comments![0].attachments).toEqual([{ name: 'shot.png', size: 7, url: expect.stringContaining('shot.png') }]);
    expect(fake.log.filter((r) => r.path.startsWith('/api/v2/uploads'))).toHaveLength(2);
    const creates = fake.log.filter((r) => r.method === 'POST' && r.path === '/api/v2/tickets');
    expect(creates.map((r) => r.headers['idempotency-key'])).toEqual(['k-2', 'k-2:reupload']);
    expect(fake.tickets.size).toBe(1);
  });

  it('a value Zendesk refuses is a validation error that quotes its reason', async () => {
    const { backend } = await setup();
    await expect(backend.createTicket(input({ subject: '' }))).rejects.toMatchObject({
      code: 'validation',
      exitCode: 2,
      message: 'Creating the Zendesk ticket: Zendesk refused it — Description: cannot be blank.',
    });
  });

  it('lists every page newest first, waiting out a 429 with Retry-After', async () => {
    const { fake, backend } = await setup({ seedTickets: 230, throttleFirstList: true });
    const all = await backend.listTickets({ limit: 0, sort: 'created' });
    expect(all).toHaveLength(230);
    expect(all[0].subject).toBe('Seeded ticket 230');
    const lists = fake.log.filter((r) => r.path.startsWith('/api/v2/tickets?'));
    expect(lists).toHaveLength(4); // the 429, then three pages of ≤100
    const limited = await backend.listTickets({ limit: 5, sort: 'created' });
    expect(limited.map((t) => t.subject)).toEqual([230, 229, 228, 227, 226].map((n) => `Seeded ticket ${n}`));
  });

  it('filters through /search: status, requester, text', async () => {
    const { fake, backend } = await setup();
    const a = await backend.createTicket(input({ subject: 'Imprimante HS' }));
    await backend.createTicket(input({ subject: 'Autre chose', requester: { name: 'Zoé', email: 'zoe@example.com' } }));
    await backend.updateTicket(a.id, { status: 'pending' });
    expect((await backend.listTickets({ limit: 0, sort: 'created', status: ['pending'] })).map((t) => t.id)).toEqual([a.id]);
    expect((await backend.listTickets({ limit: 0, sort: 'created', requester: 'zoe@example.com' })).map((t) => t.subject)).toEqual(['Autre chose']);
    expect((await backend.listTickets({ limit: 0, sort: 'created', search: 'imprimante' })).map((t) => t.id)).toEqual([a.id]);
    const it = await backend.createTicket(input({ category: 'IT support', fields: {} }));
    expect((await backend.listTickets({ limit: 0, sort: 'created', category: 'it support' })).map((t) => t.id)).toEqual([it.id]);
    expect(await backend.listTickets({ limit: 0, sort: 'created', category: 'DMS' })).toHaveLength(2);
    const q = fake.log.find((r) => r.path.startsWith('/api/v2/search'))!;
    expect(new URL(q.path, fake.url).searchParams.get('query')).toBe('type:ticket status:pending');
  });

  it('replies, closes (solved) and reopens a solved ticket', async () => {
    const { backend } = await setup();
    const t = await backend.createTicket(input());
    const c = await backend.reply(t.id, { body: 'Voici une <b>capture</b>.', attachments: [], public: true });
    expect(c.body).toBe('Voici une <b>capture</b>.');
    const closed = await backend.updateTicket(t.id, { status: 'solved' });
    expect(closed.status).toBe('solved');
    const r = await backend.reopen(t.id, { comment: 'Toujours bloqué' });
    expect(r).toMatchObject({ followUp: false, ticket: { id: t.id, status: 'open' } });
  });

  it('reopening a closed ticket creates a linked follow-up instead', async () => {
    const { fake, backend } = await setup({ seedClosed: true });
    const r = await backend.reopen('1', { comment: 'It jams again.' });
    expect(r.followUp).toBe(true);
    expect(r.ticket.id).not.toBe('1');
    expect(r.ticket.followUpOf).toBe('1');
    expect(r.ticket.subject).toBe('Printer jammed last year');
    const post = fake.log.find((x) => x.method === 'POST' && x.path === '/api/v2/tickets')!;
    expect(post.body).toMatchObject({ ticket: { via_followup_source_id: 1, comment: { body: 'It jams again.' } } });
    await expect(backend.reply('1', { body: 'hello', attachments: [], public: true })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('bulk-updates through update_many and polls the job', async () => {
    const { fake, backend } = await setup({ seedClosed: true });
    const a = await backend.createTicket(input());
    const res = await backend.bulkUpdate!([
      { id: a.id, changes: { status: 'solved' } },
      { id: '1', changes: { status: 'solved' } },
      { id: '999', changes: { status: 'solved' } },
    ]);
    expect(res.map((r) => [r.id, r.ok, r.error?.code ?? null])).toEqual([
      [a.id, true, null],
      ['1', false, 'conflict'],
      ['999', false, 'not_found'],
    ]);
    expect(fake.tickets.get(Number(a.id))!.status).toBe('solved');
    expect(fake.log.filter((r) => r.path.startsWith('/api/v2/job_statuses/'))).toHaveLength(2);
  });

  it('finds the open ticket of a dedupe key, not a solved one', async () => {
    const { backend } = await setup();
    const t = await backend.createTicket(input({ dedupeKey: 'ci:build#12' }));
    expect((await backend.findByDedupeKey('ci:build#12'))?.id).toBe(t.id);
    expect(await backend.findByDedupeKey('other')).toBeNull();
    await backend.updateTicket(t.id, { status: 'solved' });
    expect(await backend.findByDedupeKey('ci:build#12')).toBeNull();
    expect((await backend.findByDedupeKey('ci:build#12', { includeClosed: true }))?.id).toBe(t.id);
  });

  it('reports health with authentication and rate-limit headroom; bad credentials are not authenticated', async () => {
    const { fake, backend } = await setup();
    const h = await backend.health();
    expect(h).toMatchObject({ reachable: true, authenticated: true, user: { email: fake.email }, rateLimit: { limit: 700 } });
    expect(h.rateLimit!.remaining).toBeGreaterThan(0);
    expect(h.serverDate).toMatch(/^\d{4}-/);
    const bad = createZendeskBackend(backendContext({ backend: 'zendesk', url: fake.url, user: fake.email, token: 'wrong' }));
    expect(await bad.health()).toMatchObject({ reachable: true, authenticated: false });
    await expect(bad.whoami()).rejects.toMatchObject({ code: 'auth', exitCode: 4 });
  });

  it('searches the Help Center and renders the article as text', async () => {
    const { backend } = await setup();
    const hits = await backend.searchKb('printer', { limit: 5, lang: 'en' });
    expect(hits.map((a) => a.title)).toEqual(['Printer not found']);
    expect(hits[0].snippet).toBe('Printer not found');
    const a = await backend.getArticle(hits[0].id);
    expect(a.body).toContain('check the network cable');
    expect(a.body).not.toContain('<');
  });
});

describe('Zendesk end user (Requests API) against the loopback fake', () => {
  async function endUser() {
    fake = await startZendeskFake({ seedClosed: false });
    backend = createZendeskBackend(backendContext({ backend: 'zendesk', url: fake.url, user: fake.email, token: fake.token, mode: 'end-user' }), { sleep: async () => undefined });
    return { fake, backend };
  }

  it('sees only end-user-visible forms and portal fields, with end-user conditions', async () => {
    const { backend } = await endUser();
    const cats = await backend.listCategories();
    expect(cats.map((c) => c.name)).toEqual(['IT support', 'DMS']);
    const it = cats[0];
    expect(it.fields.map((f) => f.key)).toEqual(['outage', 'users_affected', 'since', 'modules']);
    expect(it.fields[1]).toMatchObject({ required: true, dependsOn: { field: 'outage', values: ['true'] } });
  });

  it('files, lists, replies, solves and reopens by commenting; refuses internal notes', async () => {
    const { fake, backend } = await endUser();
    const t = await backend.createTicket(input({ idempotencyKey: 'eu-1' }));
    expect(t).toMatchObject({ url: `${fake.url}/hc/requests/${t.id}`, category: '5002', fields: { site: 'Lyon' }, tags: [] });
    const post = fake.log.find((r) => r.method === 'POST' && r.path === '/api/v2/requests')!;
    expect(post.headers['idempotency-key']).toBe('eu-1');
    expect(post.body).toMatchObject({ request: { collaborators: ['boss@example.com'], priority: 'high', type: 'incident' } });
    expect((await backend.listTickets({ limit: 0, sort: 'created' })).map((x) => x.id)).toEqual([t.id]);
    expect((await backend.listTickets({ limit: 0, sort: 'created', search: 'bloquée' })).map((x) => x.id)).toEqual([t.id]);
    expect((await backend.listTickets({ limit: 0, sort: 'created', ids: [t.id, '999'] })).map((x) => x.id)).toEqual([t.id]);
    expect(await backend.listTickets({ limit: 0, sort: 'created', since: '2099-01-01T00:00:00Z' })).toEqual([]);
    await backend.reply(t.id, { body: 'Précision', attachments: [], public: true });
    await expect(backend.reply(t.id, { body: 'secret', attachments: [], public: false })).rejects.toMatchObject({ code: 'validation' });
    expect((await backend.updateTicket(t.id, { status: 'solved' })).status).toBe('solved');
    await expect(backend.updateTicket(t.id, { priority: 'low' })).rejects.toMatchObject({ code: 'validation' });
    const r = await backend.reopen(t.id, { comment: null });
    expect(r).toMatchObject({ followUp: false, ticket: { status: 'open' } });
    const shown = await backend.getTicket(t.id, { comments: true });
    expect(shown.comments!.map((c) => c.body)).toEqual(['La commande ne s’imprime pas.', 'Précision', 'Reopening this request: the problem is not solved.']);
  });

  it('a closed request is followed up with via_followup_source_id', async () => {
    const { fake, backend } = await endUser();
    const t = await backend.createTicket(input());
    fake.setStatus(Number(t.id), 'closed');
    const r = await backend.reopen(t.id, { comment: 'Encore' });
    expect(r).toMatchObject({ followUp: true, ticket: { followUpOf: t.id } });
    expect(fake.log.filter((x) => x.method === 'POST' && x.path === '/api/v2/requests').at(-1)!.body).toMatchObject({ request: { via_followup_source_id: Number(t.id), ticket_form_id: 5002 } });
  });
});
