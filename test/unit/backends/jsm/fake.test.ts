// The JSM adapter against the loopback fake: the behaviours a user notices across several requests
// (request types and fields, cascading selects, pagination, 429 + Retry-After, an expired token,
// transitions chosen by their target, exit 6 when no transition leads there, attachments, CCs).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsmBackend } from '../../../../src/backends/jsm/index.js';
import type { Backend } from '../../../../src/backends/backend.js';
import type { CreateInput } from '../../../../src/model.js';
import { validateFields } from '../../../../src/forms/validate.js';
import { NotAppliedError } from '../../../../src/errors.js';
import { startJsmFake, type JsmFake, type JsmFakeOptions } from '../../../fakes/jsm-server.js';
import { backendContext } from '../../../helpers/context.js';

let fake: JsmFake | null = null;
let backend: Backend | null = null;
let dir: string | null = null;

afterEach(async () => {
  await backend?.close?.();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  fake = backend = dir = null;
});

async function setup(opts: JsmFakeOptions = {}, profile: Record<string, string> = {}) {
  fake = await startJsmFake(opts);
  backend = createJsmBackend(backendContext({ backend: 'jsm', url: fake.url, user: fake.email, token: fake.token, ...profile }));
  return { fake, backend };
}

function input(over: Partial<CreateInput> = {}): CreateInput {
  return {
    category: 'DMS',
    subject: 'Commande bloquée',
    body: 'La commande ne s’imprime pas.',
    priority: 'high',
    type: null,
    fields: { customfield_10050: 'Lyon', customfield_10051: 'Commande vente pièces', customfield_10052: '123456' },
    attachments: [],
    cc: [],
    tags: [],
    ...over,
  };
}

async function file(name: string, bytes = 'hello'): Promise<{ path: string; name: string; size: number; contentType: string }> {
  dir ??= await mkdtemp(join(tmpdir(), 'jsm-test-'));
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, name, size: bytes.length, contentType: 'image/png' };
}

describe('JSM adapter against the loopback fake', () => {
  it('lists request types grouped by request-type group, with fields, required flags and valid values', async () => {
    const { backend } = await setup();
    const cats = await backend.listCategories();
    // Group "Logiciels" first (DMS, Problème d'affichage), then "Général" (IT support).
    expect(cats.map((c) => [c.id, c.name])).toEqual([
      ['11', 'DMS'],
      ['12', "Problème d'affichage"],
      ['10', 'IT support'],
    ]);
    expect(cats[0].description).toMatch(/^Logiciels — /);
    const dms = await backend.getCategory('dms');
    expect(dms.fields.map((f) => [f.key, f.label, f.type, f.required])).toEqual([
      ['customfield_10053', 'Société', 'text', false],
      ['customfield_10050', 'Établissement', 'select', true],
      ['customfield_10051', 'Type de document', 'select', true],
      ['customfield_10052', 'Numéro de document', 'text', true],
      ['customfield_10054', 'Module', 'select', false],
      ['customfield_10054.child', 'Module (detail)', 'select', false],
    ]);
    expect(dms.fields[1].options).toEqual(['Paris', 'Lyon', 'Marseille', 'Bordeaux']);
    const child = dms.fields[5];
    expect(child.dependsOn).toEqual({ field: 'customfield_10054', values: ['Atelier', 'Pièces'] });
    expect(child.optionsByParent).toEqual({ Atelier: ['Planning', 'Facturation'], Pièces: ['Stock', 'Commandes'] });
  });

  it('validates a cascading child against its parent through the shared validation', async () => {
    const { backend } = await setup();
    const dms = await backend.getCategory('11');
    const base: [string, string][] = [
      ['Établissement', 'Paris'],
      ['Type de document', 'Facture'],
      ['Numéro de document', '42'],
    ];
    expect(validateFields(dms, [...base, ['Module', 'Atelier'], ['Module (detail)', 'planning']])).toMatchObject({ 'customfield_10054.child': 'Planning' });
    expect(() => validateFields(dms, [...base, ['Module', 'Atelier'], ['Module (detail)', 'Stock']])).toThrow(/not one of the allowed values: Planning, Facturation/);
    expect(() => validateFields(dms, base.slice(0, 2))).toThrow(/Numéro de document is required/);
  });

  it('creates with option ids, the priority, a cascading value and CCs as participants; reads them back', async () => {
    const { fake, backend } = await setup();
    const t = await backend.createTicket(input({ cc: ['boss@example.com'], fields: { ...input().fields, customfield_10054: 'Pièces', 'customfield_10054.child': 'Stock' } }));
    expect(t).toMatchObject({
      id: 'SUP-1',
      subject: 'Commande bloquée',
      status: 'new',
      backendStatus: 'Waiting for support',
      priority: 'high',
      category: '11',
      cc: ['boss@example.com'],
      fields: { customfield_10050: 'Lyon', customfield_10051: 'Commande vente pièces', customfield_10052: '123456', customfield_10054: 'Pièces', 'customfield_10054.child': 'Stock' },
    });
    expect(t.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const post = fake.log.find((r) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request')!;
    expect(post.body).toMatchObject({
      serviceDeskId: '1',
      requestTypeId: '11',
      requestParticipants: ['acc-1'],
      requestFieldValues: { priority: { id: '2' }, customfield_10050: { id: '10101' }, customfield_10054: { id: '10130', child: { id: '10131' } } },
    });
  });

  it('uploads attachments as temporary files with X-Atlassian-Token: no-check, then attaches them', async () => {
    const { fake, backend } = await setup();
    const t = await backend.createTicket(input({ attachments: [await file('écran.png')] }));
    const up = fake.log.find((r) => r.path.endsWith('/attachTemporaryFile'))!;
    expect(up.headers['x-atlassian-token']).toBe('no-check');
    expect(up.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(fake.log.some((r) => r.method === 'POST' && r.path === `/rest/servicedeskapi/request/${t.id}/attachment`)).toBe(true);
    const shown = await backend.getTicket(t.id, { comments: true });
    expect(shown.comments![0].attachments.map((a) => a.name)).toEqual(['écran.png']);
  });

  it('refuses before sending when the request type requires an attachment; sends the temporary ids in the create when it does', async () => {
    const { fake, backend } = await setup();
    await expect(backend.createTicket(input({ category: '12', fields: {} }))).rejects.toMatchObject({ code: 'validation', message: /requires an attachment/ });
    expect(fake.log.some((r) => r.method === 'POST')).toBe(false);
    const t = await backend.createTicket(input({ category: '12', fields: {}, priority: 'normal', attachments: [await file('shot.png')] }));
    const post = fake.log.find((r) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request')!;
    expect((post.body as { requestFieldValues: { attachment: string[] } }).requestFieldValues.attachment).toHaveLength(1);
    expect((await backend.getTicket(t.id, { comments: true })).comments![0].attachments.map((a) => a.name)).toEqual(['shot.png']);
  });

  it('maps a server-side validation refusal (errorMessage) to exit 2', async () => {
    const { backend } = await setup();
    await expect(backend.createTicket(input({ fields: { customfield_10050: 'Lyon' } }))).rejects.toMatchObject({ code: 'validation', exitCode: 2, message: /Type de document: Ce champ est obligatoire/ });
  });

  it('follows start/limit pages to the end (isLastPage) and filters by status and search term', async () => {
    const { fake, backend } = await setup({ seedRequests: 120 });
    const all = await backend.listTickets({ limit: 0, sort: 'updated' });
    expect(all).toHaveLength(120);
    const pages = fake.log.filter((r) => r.path.startsWith('/rest/servicedeskapi/request?'));
    expect(pages.map((r) => new URL(r.path, 'http://x').searchParams.get('start'))).toEqual(['0', '50', '100']);
    fake.setStatus('SUP-3', 'Resolved');
    const solved = await backend.listTickets({ limit: 0, sort: 'updated', status: ['solved'] });
    expect(solved.map((t) => t.id)).toEqual(['SUP-3']);
    expect(fake.log.at(-1)!.path).toContain('requestStatus=CLOSED_REQUESTS');
    const found = await backend.listTickets({ limit: 0, sort: 'created', search: 'request 11' });
    expect(found).toHaveLength(11);
    expect(found.at(-1)!.subject).toBe('Seeded request 11');
    expect(fake.log.at(-1)!.path).toContain('searchTerm=request+11');
    const mine = await backend.listTickets({ limit: 0, sort: 'created', mine: true });
    expect(mine).toHaveLength(60);
  });

  it('waits out a 429 with Retry-After and then lists', async () => {
    const { fake, backend } = await setup({ throttleFirstList: true, seedRequests: 2 });
    const list = await backend.listTickets({ limit: 0, sort: 'updated' });
    expect(list).toHaveLength(2);
    expect(fake.log.filter((r) => r.path.startsWith('/rest/servicedeskapi/request?'))).toHaveLength(2);
  });

  it('says an expired token is an authentication error (exit 4)', async () => {
    fake = await startJsmFake();
    backend = createJsmBackend(backendContext({ backend: 'jsm', url: fake.url, user: fake.email, token: 'expired-token' }));
    await expect(backend.whoami()).rejects.toMatchObject({ code: 'auth', exitCode: 4, message: /refused the credentials/ });
    await expect(backend.listTickets({ limit: 1, sort: 'updated' })).rejects.toMatchObject({ code: 'auth' });
  });

  it('chooses transitions by target status category, whatever their (French) names', async () => {
    const { fake, backend } = await setup({ seedRequests: 1 });
    const pending = await backend.updateTicket('SUP-1', { status: 'pending' });
    expect(pending).toMatchObject({ status: 'pending', backendStatus: 'Waiting for customer' });
    const solved = await backend.updateTicket('SUP-1', { status: 'solved' });
    expect(solved).toMatchObject({ status: 'solved', backendStatus: 'Resolved' });
    const reopened = await backend.reopen('SUP-1', {});
    expect(reopened).toMatchObject({ followUp: false, ticket: { status: 'open', backendStatus: 'En cours' } });
    const posted = fake.log.filter((r) => r.method === 'POST' && r.path.endsWith('/transitions')).map((r) => (r.body as { transition: { id: string } }).transition.id);
    expect(posted).toEqual(['21', '31', '71']);
  });

  it('answers exit 6 with the request as it is when no transition leads to the asked status', async () => {
    const { fake, backend } = await setup({ seedRequests: 1 });
    fake.setStatus('SUP-1', 'Closed');
    const e = await backend.reopen('SUP-1', {}).catch((x) => x);
    expect(e).toBeInstanceOf(NotAppliedError);
    expect(e.exitCode).toBe(6);
    expect(e.ticket).toMatchObject({ id: 'SUP-1', status: 'closed', backendStatus: 'Closed' });
    fake.setStatus('SUP-1', 'Waiting for support');
    const e2 = await backend.updateTicket('SUP-1', { status: 'closed' }).catch((x) => x);
    expect(e2).toBeInstanceOf(NotAppliedError);
    expect(e2.message).toMatch(/closed/);
    expect(e2.hint).toMatch(/solved \(Resolved\)/);
    expect(fake.log.some((r) => r.method === 'POST' && r.path.endsWith('/transitions'))).toBe(false);
  });

  it('a portal customer: no JQL, customer transitions only when one is offered', async () => {
    const { fake, backend } = await setup({ seedRequests: 1, customerOnly: true });
    await expect(backend.listTickets({ limit: 0, sort: 'updated', query: 'project = SUP' })).rejects.toMatchObject({ code: 'validation', message: /JQL/ });
    // From "Waiting for support" the customer is offered only "Résoudre".
    const t = await backend.updateTicket('SUP-1', { status: 'solved' });
    expect(t.status).toBe('solved');
    expect(fake.log.some((r) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request/SUP-1/transition')).toBe(true);
    // Already solved: the one transition offered ("Rouvrir") is not run blindly.
    const again = await backend.updateTicket('SUP-1', { status: 'solved' });
    expect(again).toMatchObject({ status: 'solved', backendStatus: 'Resolved' });
    expect(fake.counts.transitions).toBe(1);
    const caps = await backend.writeCapabilities!();
    expect(caps.internalNotes).toBe(false);
  });

  it('runs --query as JQL through /search/jql and reads each request', async () => {
    const { fake, backend } = await setup({ seedRequests: 3 });
    fake.setStatus('SUP-2', 'Pending');
    const got = await backend.listTickets({ limit: 0, sort: 'created', query: 'status = "Pending"' });
    expect(got.map((t) => [t.id, t.status])).toEqual([['SUP-2', 'on-hold']]);
    await expect(backend.listTickets({ limit: 0, sort: 'created', query: 'nonsense ~~' })).rejects.toMatchObject({ code: 'validation', message: /JQL/ });
  });

  it('replies publicly, shows the public conversation, and finds knowledge base articles', async () => {
    const { backend } = await setup({ seedRequests: 1 });
    const c = await backend.reply('SUP-1', { body: 'Une précision.', attachments: [], public: true });
    expect(c).toMatchObject({ body: 'Une précision.', public: true });
    await backend.reply('SUP-1', { body: 'Note interne.', attachments: [], public: false });
    const t = await backend.getTicket('SUP-1', { comments: true });
    expect(t.comments!.map((x) => x.body)).toEqual(['Seed 1', 'Une précision.']);
    const kb = await backend.searchKb('mot de passe', { limit: 5 });
    expect(kb[0]).toMatchObject({ id: '98305', title: 'Réinitialiser son mot de passe' });
    const a = await backend.getArticle('98305');
    expect(a.body).toContain('Mot de passe oublié');
  });

  it('writeCapabilities come from the project statuses; health from /info', async () => {
    const { backend } = await setup();
    const caps = await backend.writeCapabilities!();
    expect(caps.statuses).toEqual([
      { status: 'new', backendStatus: 'Waiting for support' },
      { status: 'open', backendStatus: 'En cours' },
      { status: 'pending', backendStatus: 'Waiting for customer' },
      { status: 'on-hold', backendStatus: 'Pending' },
      { status: 'solved', backendStatus: 'Resolved' },
      { status: 'closed', backendStatus: 'Closed' },
    ]);
    expect(caps.types).toEqual([]);
    const h = await backend.health();
    expect(h).toMatchObject({ reachable: true, authenticated: true });
    expect(h.message).toMatch(/JSM 10\.3/);
  });

  it('updates fields through the platform API and participants through servicedeskapi', async () => {
    const { backend } = await setup({ seedRequests: 0 });
    const t = await backend.createTicket(input());
    const u = await backend.updateTicket(t.id, { priority: 'urgent', fields: { customfield_10050: 'Paris' }, addCc: ['colleague@example.com'] });
    expect(u).toMatchObject({ priority: 'urgent', fields: { customfield_10050: 'Paris' }, cc: ['colleague@example.com'] });
    await expect(backend.updateTicket(t.id, { addCc: ['nobody@example.com'] })).rejects.toMatchObject({ code: 'validation', message: /No Atlassian account/ });
  });

  it('refuses a priority the request type cannot take, before sending', async () => {
    const { fake, backend } = await setup();
    await expect(backend.createTicket(input({ category: 'IT support', fields: {}, priority: 'urgent' }))).rejects.toMatchObject({ code: 'validation', message: /no priority field/ });
    expect(fake.log.some((r) => r.method === 'POST')).toBe(false);
  });

  it('tags are Jira labels, read back through the platform API; a request is found again by its dedupe key', async () => {
    const { backend } = await setup();
    const t = await backend.createTicket(input({ dedupeKey: 'ci:build:42', tags: ['ci-failure'] }));
    expect(t.tags).toEqual(['ci-failure', expect.stringMatching(/^dedupe_[0-9a-f]{24}$/)]);
    expect((await backend.updateTicket(t.id, { tags: ['urgent-fix'] })).tags).toContain('urgent-fix');
    await expect(backend.updateTicket(t.id, { tags: ['urgent fix'] })).rejects.toMatchObject({ code: 'validation', message: /cannot contain spaces/ });
    expect((await backend.findByDedupeKey('ci:build:42'))?.id).toBe(t.id);
    expect(await backend.findByDedupeKey('other')).toBeNull();
  });
});
