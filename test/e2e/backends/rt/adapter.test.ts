// The RT adapter through the Backend interface, against the real RT 5 server of scripts/rt/start.sh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../../../../src/backends/backend.js';
import type { Category, CreateInput } from '../../../../src/model.js';
import { validateFields } from '../../../../src/forms/validate.js';
import { AuthError, NotFoundError, PermissionError, ValidationError } from '../../../../src/errors.js';
import { cleanup, isCI, makeBackend, rtEnv, rtUnavailable, tag, tempDir } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();

describe.runIf(!why)('RT adapter against a real RT 5 server', () => {
  let home: string;
  let rt: Backend;
  let admin: Backend;
  let dms: Category;
  const run = tag('adapter');

  beforeAll(async () => {
    if (!env) throw new Error(why!);
    home = tempDir();
    rt = makeBackend(home, { url: env.url, user: env.user, password: env.password });
    admin = makeBackend(home, { url: env.url, user: env.adminUser, password: env.adminPassword });
    dms = await rt.getCategory('DMS');
  });
  afterAll(async () => {
    await rt?.close?.();
    await admin?.close?.();
    if (home) cleanup(home);
  });

  const base = (over: Partial<CreateInput> = {}): CreateInput => ({
    category: 'IT',
    subject: `${run} ticket`,
    body: 'Bonjour',
    priority: 'normal',
    type: null,
    fields: {},
    attachments: [],
    cc: [],
    tags: [],
    ...over,
  });
  const dmsFields = { Établissement: 'Paris', 'Sous-site': 'Paris Sud', 'Type de document': 'Commande atelier', 'Numéro de document': '123456' };

  it('lists the queues the customer can create in as categories, with their custom fields', async () => {
    const cats = await rt.listCategories();
    expect(cats.map((c) => c.id).sort()).toEqual(['CONNECT', 'CRM', 'DMS', 'IT']);
    const f = (k: string) => dms.fields.find((x) => x.key === k)!;
    expect(f('Établissement')).toMatchObject({ label: 'Établissement', type: 'select', required: true, options: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'] });
    expect(f('Type de document')).toMatchObject({ type: 'select', required: true, options: ['Commande atelier', 'Commande vente pièces'] });
    expect(f('Société')).toMatchObject({ type: 'text', required: false, pattern: null });
    expect(f('Accès au rapport').type).toBe('textarea');
    const num = f('Numéro de document');
    expect(num.required).toBe(true);
    expect(num.pattern).not.toBeNull();
    expect(new RegExp(num.pattern!, 'u').test('1234')).toBe(true);
    expect(new RegExp(num.pattern!, 'u').test('12ab')).toBe(false);
    expect(new RegExp(num.pattern!, 'u').test('12345678901')).toBe(false);
    const sub = f('Sous-site');
    expect(sub.dependsOn?.field).toBe('Établissement');
    expect(sub.optionsByParent?.Paris).toEqual(['Paris Nord', 'Paris Sud']);
    expect(sub.optionsByParent?.Lyon).toEqual(['Lyon Part-Dieu', 'Lyon Gerland']);
    // Parents come before their dependants; the dedupe field is internal.
    expect(dms.fields.findIndex((x) => x.key === 'Établissement')).toBeLessThan(dms.fields.findIndex((x) => x.key === 'Sous-site'));
    expect(dms.fields.some((x) => x.key === 'DedupeKey')).toBe(false);
  });

  it('validates like RT: the document-number pattern, mandatory selects and dependent values', () => {
    expect(validateFields(dms, Object.entries(dmsFields))).toMatchObject(dmsFields);
    expect(() => validateFields(dms, Object.entries({ ...dmsFields, 'Numéro de document': '12ab' }))).toThrow(ValidationError);
    expect(() => validateFields(dms, Object.entries({ ...dmsFields, 'Sous-site': 'Lyon Gerland' }))).toThrow(/Sous-site/);
    const { 'Type de document': _t, ...missing } = dmsFields;
    expect(() => validateFields(dms, Object.entries(missing))).toThrow(/Type de document/);
    // Labels are the custom-field names, so --field "établissement=paris" works.
    expect(validateFields(dms, [['établissement', 'paris'], ['Type de document', 'Commande atelier'], ['Numéro de document', '1234']])).toMatchObject({ Établissement: 'Paris' });
  });

  it('refuses a value that fails the RT pattern before sending: no ticket is created', async () => {
    const subject = `${run} refused`;
    await expect(rt.createTicket(base({ category: 'DMS', subject, fields: { ...dmsFields, 'Numéro de document': '12ab' } }))).rejects.toThrow(ValidationError);
    expect(await rt.listTickets({ query: `Subject = '${subject}'`, limit: 0, sort: 'created' })).toHaveLength(0);
  });

  it('creates a DMS ticket with fields, Cc and attachments; accents and emoji survive; show lists the conversation', async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'journal é.txt'), 'Ligne 1 — ça marche ✓\n');
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255, 254]);
      writeFileSync(join(dir, 'capture.png'), png);
      const subject = `${run} Écran figé à Lyon 🎉`;
      const body = 'Bonjour,\nla commande atelier ne s’imprime plus depuis hier. Déjà redémarré. 😀';
      const t = await rt.createTicket(
        base({
          category: 'DMS',
          subject,
          body,
          priority: 'high',
          fields: { ...dmsFields, Société: 'Garage Élysée' },
          cc: ['chef.atelier@example.com'],
          attachments: [
            { path: join(dir, 'journal é.txt'), name: 'journal é.txt', size: 25, contentType: 'text/plain' },
            { path: join(dir, 'capture.png'), name: 'capture.png', size: png.length, contentType: 'image/png' },
          ],
        }),
      );
      expect(t).toMatchObject({ subject, status: 'new', backendStatus: 'new', priority: 'high', category: 'DMS' });
      expect(t.id).toMatch(/^\d+$/);
      expect(t.url).toContain(`id=${t.id}`);
      expect(t.requester.email).toBe(env!.email);
      expect(t.cc).toEqual(['chef.atelier@example.com']);
      expect(t.fields).toMatchObject({ ...dmsFields, Société: 'Garage Élysée' });

      const shown = await rt.getTicket(t.id, { comments: true });
      expect(shown.subject).toBe(subject);
      expect(shown.comments).toHaveLength(1);
      const first = shown.comments![0];
      expect(first.body.trim()).toBe(body);
      expect(first.public).toBe(true);
      expect(first.author.email).toBe(env!.email);
      expect(first.attachments.map((a) => a.name).sort()).toEqual(['capture.png', 'journal é.txt']);
      expect(first.attachments.find((a) => a.name === 'capture.png')!.size).toBe(png.length);

      const c = await rt.reply(t.id, {
        body: 'Voici la facture — merci ! 🙏',
        public: true,
        attachments: [{ path: join(dir, 'capture.png'), name: 'capture.png', size: png.length, contentType: 'image/png' }],
      });
      expect(c.id).toMatch(/^\d+$/);
      expect(c.public).toBe(true);
      const again = await rt.getTicket(t.id, { comments: true });
      expect(again.comments).toHaveLength(2);
      expect(again.comments![1].body.trim()).toBe('Voici la facture — merci ! 🙏');
      expect(again.comments![1].attachments.map((a) => a.name)).toEqual(['capture.png']);
    } finally {
      cleanup(dir);
    }
  });

  it('lists with filters translated to TicketSQL, --query passed through, limits and pagination', async () => {
    const t1 = await rt.createTicket(base({ subject: `${run} list alpha` }));
    const t2 = await rt.createTicket(base({ subject: `${run} list beta`, category: 'CRM' }));
    const t3 = await rt.createTicket(base({ subject: `${run} list gamma`, category: 'CRM' }));
    await rt.updateTicket(t3.id, { status: 'solved' });

    const mine = await rt.listTickets({ search: `${run} list`, limit: 0, sort: 'created' });
    expect(mine.map((t) => t.id)).toEqual([t3.id, t2.id, t1.id]); // newest first
    expect((await rt.listTickets({ search: `${run} list`, limit: 2, sort: 'created' })).map((t) => t.id)).toEqual([t3.id, t2.id]);
    expect((await rt.listTickets({ search: `${run} list`, category: 'CRM', limit: 0, sort: 'created' })).map((t) => t.id)).toEqual([t3.id, t2.id]);
    const solved = await rt.listTickets({ search: `${run} list`, status: ['solved'], limit: 0, sort: 'created' });
    expect(solved.map((t) => [t.id, t.status, t.backendStatus])).toEqual([[t3.id, 'solved', 'resolved']]);
    expect((await rt.listTickets({ search: `${run} list`, mine: true, limit: 0, sort: 'created' })).length).toBe(3);
    expect((await rt.listTickets({ search: `${run} list`, requester: env!.email, limit: 0, sort: 'created' })).length).toBe(3);
    expect((await rt.listTickets({ search: `${run} list`, requester: 'nobody@example.com', limit: 0, sort: 'created' })).length).toBe(0);
    const since = await rt.listTickets({ search: `${run} list`, since: new Date(Date.now() + 3600_000).toISOString(), limit: 0, sort: 'created' });
    expect(since).toHaveLength(0);
    // Many ids are read in parallel requests and merged newest first.
    const manyIds = [...Array.from({ length: 60 }, (_, i) => String(99998000 + i)), t1.id, t2.id, t3.id];
    expect((await rt.listTickets({ ids: manyIds, limit: 0, sort: 'created' })).map((t) => t.id)).toEqual([t3.id, t2.id, t1.id]);
    expect((await rt.listTickets({ ids: manyIds, status: ['solved'], limit: 0, sort: 'created' })).map((t) => t.id)).toEqual([t3.id]);
    const q = await rt.listTickets({ query: `Queue = 'CRM' AND Subject LIKE '${run} list' AND Status = 'new'`, limit: 0, sort: 'created' });
    expect(q.map((t) => t.id)).toEqual([t2.id]);
    await expect(rt.listTickets({ query: `Subject LIKE`, limit: 0, sort: 'created' })).rejects.toThrow(ValidationError);
    // limit 0 = all: follow every page (per_page is clamped to 100 by RT).
    const all = await admin.listTickets({ query: 'id > 0', limit: 0, sort: 'created' });
    const maxId = Math.max(...all.map((t) => Number(t.id)));
    expect(all.length).toBe(new Set(all.map((t) => t.id)).size);
    expect(maxId).toBeGreaterThanOrEqual(Number(t3.id));
    expect(all.length).toBeGreaterThanOrEqual(Number(t3.id) - 10 > 0 ? 3 : 1);
  }, 120_000); // limit 0 reads every ticket of a server other suites keep filling

  it('closes (resolved), reopens (open), updates priority, fields and Cc', async () => {
    const t = await rt.createTicket(base({ category: 'DMS', subject: `${run} lifecycle`, fields: dmsFields }));
    const closed = await rt.updateTicket(t.id, { status: 'solved' });
    expect([closed.status, closed.backendStatus]).toEqual(['solved', 'resolved']);
    expect(rt.capabilities.reopenWindowDays).toBeNull();
    const r = await rt.reopen(t.id, { comment: 'Le problème revient.' });
    expect(r.followUp).toBe(false);
    expect([r.ticket.status, r.ticket.backendStatus]).toEqual(['open', 'open']);
    const held = await rt.updateTicket(t.id, { status: 'on-hold' });
    expect([held.status, held.backendStatus]).toEqual(['on-hold', 'stalled']);
    const u = await rt.updateTicket(t.id, {
      priority: 'urgent',
      fields: { 'Numéro de document': '987654' },
      addCc: ['a@example.com', 'b@example.com'],
    });
    expect(u.priority).toBe('urgent');
    expect(u.fields['Numéro de document']).toBe('987654');
    expect(u.cc.sort()).toEqual(['a@example.com', 'b@example.com']);
    const u2 = await rt.updateTicket(t.id, { removeCc: ['a@example.com'] });
    expect(u2.cc).toEqual(['b@example.com']);
    await expect(rt.updateTicket(t.id, { fields: { 'Numéro de document': 'abc' } })).rejects.toThrow(ValidationError);
    expect((await rt.getTicket(t.id)).fields['Numéro de document']).toBe('987654');
  });

  it('a plain create answers what RT stored (read back once, then known)', async () => {
    for (let i = 0; i < 2; i++) {
      const t = await rt.createTicket(base({ subject: `${run} plain ${i} — é 🎯`, cc: ['x@example.com'], priority: 'low' }));
      const back = await rt.getTicket(t.id);
      const pick = (x: typeof t) => [x.id, x.subject, x.status, x.backendStatus, x.priority, x.category, x.requester.email, x.cc, x.fields];
      expect(pick(t)).toEqual(pick(back));
      expect(t.createdAt).toBe(back.createdAt);
    }
  });

  it('bulk-updates statuses natively (PUT /tickets/bulk), reporting per ticket', async () => {
    expect(rt.capabilities.bulk).toBe('native');
    const ts = await Promise.all([1, 2, 3].map((i) => rt.createTicket(base({ subject: `${run} bulk ${i}` }))));
    const res = await rt.bulkUpdate!([
      ...ts.map((t) => ({ id: t.id, changes: { status: 'solved' as const } })),
      { id: '99999999', changes: { status: 'solved' as const } },
    ]);
    expect(res.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(res[3]).toMatchObject({ id: '99999999', ok: false, error: { code: 'not_found' } });
    const after = await rt.listTickets({ ids: ts.map((t) => t.id), limit: 0, sort: 'created' });
    expect(after.map((t) => t.status)).toEqual(['solved', 'solved', 'solved']);
    // Already solved: still ok (idempotent).
    const again = await rt.bulkUpdate!([{ id: ts[0].id, changes: { status: 'solved' } }]);
    expect(again[0].ok).toBe(true);
    // A mixed batch: results come back per ticket, in order.
    const bogus = Array.from({ length: 24 }, (_, i) => String(99999000 + i));
    const big = await rt.bulkUpdate!([...bogus.slice(0, 12), ...ts.map((t) => t.id), ...bogus.slice(12)].map((id) => ({ id, changes: { status: 'open' as const } })));
    expect(big).toHaveLength(27);
    expect(big.filter((r) => r.ok).map((r) => r.id)).toEqual(ts.map((t) => t.id));
    expect(big.filter((r) => !r.ok).every((r) => r.error?.code === 'not_found')).toBe(true);
    expect((await rt.listTickets({ ids: ts.map((t) => t.id), limit: 0, sort: 'created' })).map((t) => t.status)).toEqual(['open', 'open', 'open']);
  });

  it('finds the open ticket of a dedupe key, and not a solved one', async () => {
    const key = `${run}-dedupe`;
    expect(await rt.findByDedupeKey(key)).toBeNull();
    const t = await rt.createTicket(base({ subject: `${run} dedupe`, dedupeKey: key }));
    expect((await rt.findByDedupeKey(key))?.id).toBe(t.id);
    await rt.updateTicket(t.id, { status: 'solved' });
    expect(await rt.findByDedupeKey(key)).toBeNull();
    expect((await rt.findByDedupeKey(key, { includeClosed: true }))?.id).toBe(t.id);
  });

  it('finds a create by its idempotency key (outbox reconciliation), whatever its status', async () => {
    const key = `${run}-idem-${Math.random().toString(36).slice(2)}`;
    // Offered only once the field was seen on this server (here: when DMS was read in beforeAll).
    const freshHome = tempDir();
    const fresh = makeBackend(freshHome, { url: env!.url, user: env!.user, password: env!.password });
    expect(fresh.findByIdempotencyKey).toBeUndefined();
    await fresh.close?.();
    cleanup(freshHome);
    expect(await rt.findByIdempotencyKey!(key)).toBeNull();
    const t = await rt.createTicket(base({ subject: `${run} idem`, idempotencyKey: key }));
    expect(t.fields).toEqual({});
    await rt.updateTicket(t.id, { status: 'solved' });
    expect((await rt.findByIdempotencyKey!(key))?.id).toBe(t.id);
  });

  it('searches and shows RT articles (French and English)', async () => {
    const fr = await rt.searchKb('mot de passe expiré', { limit: 5, lang: 'fr' });
    expect(fr[0].title).toBe('Réinitialiser son mot de passe DMS');
    expect(fr[0].locale).toBe('fr');
    const en = await rt.searchKb('VPN cannot connect', { limit: 5, lang: 'en' });
    expect(en[0].title).toBe('VPN cannot connect');
    const a = await rt.getArticle(fr[0].id);
    expect(a.body).toContain('Mot de passe oublié');
    expect(await rt.searchKb('zzzqqq', { limit: 5 })).toEqual([]);
    await expect(rt.getArticle('99999')).rejects.toThrow(NotFoundError);
  });

  it('maps errors: unknown ticket → not found (3), another customer’s ticket → permission (4)', async () => {
    await expect(rt.getTicket('99999999')).rejects.toMatchObject({ exitCode: 3 });
    await expect(rt.getTicket('abc')).rejects.toThrow(NotFoundError);
    await expect(rt.reply('99999999', { body: 'x', attachments: [], public: true })).rejects.toMatchObject({ exitCode: 3 });
    await expect(rt.updateTicket('99999999', { status: 'solved' })).rejects.toMatchObject({ exitCode: 3 });
    const t = await rt.createTicket(base({ subject: `${run} private` }));
    const other = makeBackend(home, { url: env!.url, user: 'customer2', password: 'customer2-password' });
    try {
      await expect(other.getTicket(t.id)).rejects.toThrow(PermissionError);
      expect(await other.listTickets({ search: `${run} private`, limit: 0, sort: 'created' })).toEqual([]);
      await expect(other.getCategory('General')).rejects.toThrow(NotFoundError);
    } finally {
      await other.close?.();
    }
  });

  it('whoami and health; a bad password is an AuthError (exit 4) with a hint', async () => {
    expect(await rt.whoami()).toMatchObject({ email: env!.email });
    const h = await rt.health();
    expect(h).toMatchObject({ reachable: true, authenticated: true });
    expect(typeof h.latencyMs).toBe('number');
    expect(Date.parse(h.serverDate!)).not.toBeNaN();
    const bad = makeBackend(home, { url: env!.url, user: env!.user, password: 'wrong-password' });
    try {
      const err = await bad.whoami().catch((e) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(err.exitCode).toBe(4);
      expect(err.hint).toMatch(/ticket init/);
      expect((await bad.health()).authenticated).toBe(false);
    } finally {
      await bad.close?.();
    }
  });
});

describe.runIf(!why && !!process.env.RT_CUSTOMER_TOKEN)('RT adapter with an auth token', () => {
  it('authenticates with `Authorization: token`, stores no session, and refuses a bad token (exit 4)', async () => {
    const home = tempDir();
    const b = makeBackend(home, { url: env!.url, user: env!.user, token: process.env.RT_CUSTOMER_TOKEN! });
    const bad = makeBackend(home, { url: env!.url, user: env!.user, token: '1-999-0000' });
    try {
      expect((await b.whoami()).email).toBe(env!.email);
      const t = await b.createTicket({ category: 'IT', subject: `${tag('token')} via token`, body: 'ok', priority: 'normal', type: null, fields: {}, attachments: [], cc: [], tags: [] });
      expect(t.requester.email).toBe(env!.email);
      expect((await b.listTickets({ ids: [t.id], limit: 0, sort: 'created' })).map((x) => x.id)).toEqual([t.id]);
      await expect(bad.whoami()).rejects.toMatchObject({ exitCode: 4 });
      expect(existsSync(join(home, 'state', 'sessions'))).toBe(false);
    } finally {
      await b.close?.();
      await bad.close?.();
      cleanup(home);
    }
  });
});

describe.runIf(!why)('RT adapter through the shared undici client (proxy or injected dispatcher)', () => {
  it('creates with an attachment, shows and lists the same way', async () => {
    const { Agent } = await import('undici');
    const home = tempDir();
    const dispatcher = new Agent();
    const b = makeBackend(home, { url: env!.url, user: env!.user, password: env!.password }, { dispatcher });
    try {
      const file = join(home, 'note é.txt');
      writeFileSync(file, 'contenu été ✓\n');
      const subject = `${tag('undici')} via undici 🚀`;
      const t = await b.createTicket({
        category: 'IT',
        subject,
        body: 'Corps accentué — ok',
        priority: 'low',
        type: null,
        fields: {},
        attachments: [{ path: file, name: 'note é.txt', size: 17, contentType: 'text/plain' }],
        cc: [],
        tags: [],
      });
      expect(t.priority).toBe('low');
      const shown = await b.getTicket(t.id, { comments: true });
      expect(shown.subject).toBe(subject);
      expect(shown.comments![0].attachments.map((a) => a.name)).toEqual(['note é.txt']);
      expect((await b.listTickets({ ids: [t.id], limit: 0, sort: 'created' })).map((x) => x.id)).toEqual([t.id]);
    } finally {
      await b.close?.();
      await dispatcher.close();
      cleanup(home);
    }
  });
});

describe.runIf(isCI() && !!why)('RT adapter (CI without a server)', () => {
  it('needs the RT test server in CI', () => {
    throw new Error(why!);
  });
});
