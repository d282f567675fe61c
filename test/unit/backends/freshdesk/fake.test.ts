// The Freshdesk adapter against the loopback fake: categories from the type field and its sections,
// nested fields, multipart attachments, reply vs note, pages, 429, archived → follow-up, bulk jobs,
// and the lookup that replaces server idempotency.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFreshdeskBackend } from '../../../../src/backends/freshdesk/index.js';
import type { Backend } from '../../../../src/backends/backend.js';
import type { CreateInput } from '../../../../src/model.js';
import { startFreshdeskFake, type FreshdeskFake, type FreshdeskFakeOptions } from '../../../fakes/freshdesk-server.js';
import { backendContext } from '../../../helpers/context.js';

let fake: FreshdeskFake | null = null;
let backend: Backend | null = null;
let dir: string | null = null;

afterEach(async () => {
  await backend?.close?.();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  fake = backend = dir = null;
});

async function setup(opts: FreshdeskFakeOptions = {}) {
  fake = await startFreshdeskFake(opts);
  backend = createFreshdeskBackend(backendContext({ backend: 'freshdesk', url: fake.url, token: fake.apiKey }), { sleep: async () => undefined });
  return { fake, backend };
}

const input = (over: Partial<CreateInput> = {}): CreateInput => ({
  category: 'DMS',
  subject: 'Commande bloquée',
  body: 'Ligne 1\nLigne <2>',
  priority: 'urgent',
  type: null,
  fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '20261' },
  attachments: [],
  cc: ['boss@example.com'],
  tags: ['dms'],
  ...over,
});

describe('Freshdesk adapter against the loopback fake', () => {
  it('categories are the ticket types; a section shows its fields only for its type', async () => {
    const { backend } = await setup();
    const cats = await backend.listCategories();
    expect(cats.map((c) => c.id)).toEqual(['Question', 'Incident', 'DMS', 'Feature Request']);
    const dms = await backend.getCategory('dms');
    expect(dms.fields.map((f) => [f.key, f.label, f.type, f.required, f.pattern])).toEqual([
      ['company', 'Société', 'text', false, null],
      ['site', 'Établissement', 'select', true, null],
      ['document_type', 'Type de document', 'select', true, null],
      ['document_number', 'Numéro de document', 'text', true, '^[0-9]{4,10}$'],
      ['reachable', 'Reachable by phone', 'checkbox', false, null],
    ]);
    const incident = await backend.getCategory('Incident');
    const module = incident.fields.find((f) => f.key === 'module')!;
    expect(module.dependsOn).toEqual({ field: 'product', values: ['Mail', 'CRM'] });
    expect(module.optionsByParent).toEqual({ Mail: ['Outlook', 'Thunderbird'], CRM: ['Leads'] });
    expect(incident.fields.find((f) => f.key === 'variant')!.optionsByParent).toEqual({ Outlook: ['Desktop', 'Web'], Thunderbird: [], Leads: ['Import'] });
  });

  it('creates as multipart with attachments, HTML description, cf_ fields and the idempotency tag', async () => {
    const { fake, backend } = await setup();
    dir = await mkdtemp(join(tmpdir(), 'fd-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, 'hello log');
    const t = await backend.createTicket(input({ idempotencyKey: 'key-1', attachments: [{ path, name: 'log.txt', size: 9, contentType: 'text/plain' }] }));
    expect(t).toMatchObject({ status: 'open', backendStatus: 'Open', priority: 'urgent', category: 'DMS', cc: ['boss@example.com'], fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '20261' }, requester: { email: 'agent@example.com' } });
    expect(t.tags).toContain('dms');
    expect(t.tags.some((x) => x.startsWith('idem_'))).toBe(true);
    const post = fake.log.find((r) => r.method === 'POST' && r.path === '/api/v2/tickets')!;
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.headers.authorization).toBe('Basic ' + Buffer.from('fd-api-key:X').toString('base64'));
    const shown = await backend.getTicket(t.id, { comments: true });
    expect(shown.comments![0]).toMatchObject({ body: 'Ligne 1\nLigne <2>', attachments: [{ name: 'log.txt', size: 9 }] });
  });

  it('downloads the attachments of a ticket and of a reply through their signed storage links, streamed, without the API key', async () => {
    const { fake, backend } = await setup();
    dir = await mkdtemp(join(tmpdir(), 'fd-dl-'));
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256));
    const a = join(dir, 'dump.bin');
    await writeFile(a, bytes);
    const b = join(dir, 'note.txt');
    await writeFile(b, 'réponse du client\n');
    const t = await backend.createTicket(input({ idempotencyKey: 'key-dl', attachments: [{ path: a, name: 'dump.bin', size: bytes.length, contentType: 'application/octet-stream' }] }));
    await backend.reply(t.id, { body: 'Voici la suite', attachments: [{ path: b, name: 'note.txt', size: 19, contentType: 'text/plain' }], public: true });
    const { downloadAttachments } = await import('../../../../src/operations/download.js');
    const out = join(dir, 'out');
    const files = await downloadAttachments(backend, t.id, { dir: out, force: false });
    const { readFile } = await import('node:fs/promises');
    expect(files.map((f) => f.name).sort()).toEqual(['dump.bin', 'note.txt']);
    expect((await readFile(join(out, 'dump.bin'))).equals(bytes)).toBe(true);
    expect(await readFile(join(out, 'note.txt'), 'utf8')).toBe('réponse du client\n');
    // Storage (another origin) was asked once per file, with the link's signature and no credentials.
    const storage = fake.log.filter((l) => l.path.startsWith('storage:'));
    expect(storage).toHaveLength(2);
    expect(storage.every((l) => l.headers.authorization === undefined)).toBe(true);
    // A second run does not overwrite what is there, and asks storage for nothing.
    await expect(downloadAttachments(backend, t.id, { dir: out, force: false })).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('already exist') });
    expect(fake.log.filter((l) => l.path.startsWith('storage:'))).toHaveLength(2);
  });

  it('refuses what Freshdesk refuses with a validation error (exit 2)', async () => {
    const { backend } = await setup();
    await expect(backend.createTicket(input({ fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '12' } }))).rejects.toMatchObject({ code: 'validation', exitCode: 2 });
  });

  it('finds a create whose answer was lost instead of filing it twice', async () => {
    const { fake, backend } = await setup({ dropFirstCreate: true });
    const t = await backend.createTicket(input({ idempotencyKey: 'lost-1' }));
    expect(fake.tickets.size).toBe(1);
    expect(t.id).toBe('1');
    expect((await backend.findByIdempotencyKey!('lost-1'))?.id).toBe('1');
    expect(await backend.findByIdempotencyKey!('never-sent')).toBeNull();
  });

  it('lists all pages newest first after a 429, filtering status client-side', async () => {
    const { fake, backend } = await setup({ seedTickets: 205, throttleFirstList: true });
    const all = await backend.listTickets({ limit: 0, sort: 'created' });
    expect(all).toHaveLength(205);
    expect(all[0].subject).toBe('Seeded ticket 205');
    expect(fake.log.filter((r) => r.path.startsWith('/api/v2/tickets?'))).toHaveLength(4);
    await backend.updateTicket('3', { status: 'on-hold' });
    const before = fake.log.length;
    expect((await backend.listTickets({ limit: 0, sort: 'created', ids: ['7', '3', '999'] })).map((t) => t.id)).toEqual(['7', '3']);
    expect(fake.log.length - before).toBe(3);
    const held = await backend.listTickets({ limit: 0, sort: 'created', status: ['on-hold'] });
    expect(held.map((t) => [t.id, t.status, t.backendStatus])).toEqual([['3', 'on-hold', 'Waiting on third party']]);
  });

  it('replies publicly, adds private notes, closes and reopens', async () => {
    const { fake, backend } = await setup();
    const t = await backend.createTicket(input());
    const r = await backend.reply(t.id, { body: 'Merci', attachments: [], public: true });
    const n = await backend.reply(t.id, { body: 'Note interne', attachments: [], public: false });
    expect([r.public, n.public]).toEqual([true, false]);
    expect(fake.log.filter((x) => x.method === 'POST').map((x) => x.path)).toEqual(['/api/v2/tickets', `/api/v2/tickets/${t.id}/reply`, `/api/v2/tickets/${t.id}/notes`]);
    expect((await backend.updateTicket(t.id, { status: 'solved' })).backendStatus).toBe('Resolved');
    const re = await backend.reopen(t.id, { comment: null });
    expect(re).toMatchObject({ followUp: false, ticket: { status: 'open' } });
    const shown = await backend.getTicket(t.id, { comments: true });
    expect(shown.comments!.map((c) => c.body)).toEqual(['Ligne 1\nLigne <2>', 'Merci', 'Note interne']);
  });

  it('reopening an archived ticket creates a follow-up', async () => {
    const { backend } = await setup({ seedArchived: true });
    const r = await backend.reopen('1', { comment: 'Encore' });
    expect(r).toMatchObject({ followUp: true, ticket: { followUpOf: '1', subject: 'Old archived request' } });
  });

  it('bulk_update groups items by change and polls the job', async () => {
    const { fake, backend } = await setup({ seedTickets: 3 });
    const res = await backend.bulkUpdate!([
      { id: '1', changes: { status: 'solved' } },
      { id: '2', changes: { status: 'solved' } },
      { id: '3', changes: { priority: 'high' } },
      { id: '99', changes: { status: 'solved' } },
    ]);
    expect(res.map((r) => [r.id, r.ok, r.error?.code ?? null])).toEqual([
      ['1', true, null],
      ['2', true, null],
      ['3', true, null],
      ['99', false, 'not_found'],
    ]);
    const posts = fake.log.filter((r) => r.path === '/api/v2/tickets/bulk_update');
    expect(posts.map((p) => p.body)).toEqual([
      { bulk_action: { ids: [1, 2, 99], properties: { status: 4 } } },
      { bulk_action: { ids: [3], properties: { priority: 3 } } },
    ]);
    expect(fake.tickets.get(1)!.status).toBe(4);
  });

  it('dedupe: the open ticket with the key, not a resolved one', async () => {
    const { backend } = await setup();
    const t = await backend.createTicket(input({ dedupeKey: 'ci-1' }));
    expect((await backend.findByDedupeKey('ci-1'))?.id).toBe(t.id);
    await backend.updateTicket(t.id, { status: 'solved' });
    expect(await backend.findByDedupeKey('ci-1')).toBeNull();
  });

  it('health: auth and X-RateLimit headroom; a wrong key is not authenticated', async () => {
    const { fake, backend } = await setup();
    expect(await backend.health()).toMatchObject({ reachable: true, authenticated: true, rateLimit: { limit: 3000 }, user: { email: 'agent@example.com' } });
    const bad = createFreshdeskBackend(backendContext({ backend: 'freshdesk', url: fake.url, token: 'nope' }));
    expect(await bad.health()).toMatchObject({ reachable: true, authenticated: false });
  });

  it('solutions search keeps published articles and renders text', async () => {
    const { backend } = await setup();
    const hits = await backend.searchKb('printer', { limit: 5 });
    expect(hits.map((h) => h.title)).toEqual(['Printer not found']);
    expect((await backend.getArticle(hits[0].id)).body).toBe('Check the printer cable.');
  });
});
