import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../../../../src/errors.js';
import { LocalStore } from '../../../../src/backends/local/store.js';
import { clock, input, localBackend, tempHome } from '../../../helpers/local.js';

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

const store = () => new LocalStore(join(home, 'data', 'local'));

describe('local backend: create and show', () => {
  it('stores a ticket with increasing string ids, the body as first public comment, and status new', async () => {
    const b = localBackend(home, { profile: { name: 'Ana', email: 'ana@example.com' } });
    const t1 = await b.createTicket(input({ cc: ['boss@example.com'], tags: ['dms'] }));
    const t2 = await b.createTicket(input({ subject: 'second' }));
    expect([t1.id, t2.id]).toEqual(['1', '2']);
    expect(t1).toMatchObject({
      status: 'new',
      backendStatus: 'new',
      category: 'DMS',
      requester: { name: 'Ana', email: 'ana@example.com' },
      cc: ['boss@example.com'],
      tags: ['dms'],
      fields: { site: 'Paris', document_number: '12345' },
    });
    const shown = await b.getTicket('1', { comments: true });
    expect(shown.comments).toHaveLength(1);
    expect(shown.comments![0]).toMatchObject({ id: '1', public: true, body: 'The workshop order 12345 cannot be invoiced.' });
    // a fresh backend (another process) sees the same thing
    expect((await localBackend(home).getTicket('2')).subject).toBe('second');
  });

  it('uses input.requester, and the OS user when the profile has no name or email', async () => {
    const b = localBackend(home);
    expect((await b.createTicket(input())).requester).toEqual({ name: 'tester', email: null });
    const t = await b.createTicket(input({ requester: { name: 'Bob', email: 'bob@example.com' } }));
    expect(t.requester.email).toBe('bob@example.com');
    expect(await b.whoami()).toEqual({ name: 'tester', email: null });
  });

  it('accepts the category by name, case-insensitively, and rejects an unknown one listing the valid ones', async () => {
    const b = localBackend(home);
    expect((await b.createTicket(input({ category: 'dms' }))).category).toBe('DMS');
    const err = await b.createTicket(input({ category: 'DSM' })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.hint).toContain('IT, DMS, CRM, CONNECT');
  });

  it('refuses a subject over 150 characters, saying the length and the limit, and writes nothing', async () => {
    const b = localBackend(home);
    const err = await b.createTicket(input({ subject: 'x'.repeat(151) })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('151');
    expect(err.message).toContain('150');
    expect(await b.listTickets({ limit: 0, sort: 'created' })).toEqual([]);
  });

  it('unknown or malformed ids are NotFoundError (exit 3) with a hint', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    for (const id of ['99', 'abc', '../1', '0']) {
      const err = await b.getTicket(id).catch((e) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.exitCode).toBe(3);
      expect(err.hint).toBeTruthy();
    }
    await expect(b.reply('99', { body: 'x', attachments: [], public: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.updateTicket('99', { status: 'open' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.reopen('99', {})).rejects.toBeInstanceOf(NotFoundError);
    expect((await b.getTicket('#1')).id).toBe('1');
  });

  it('copies attachments into the store (name, size, file:// url), on the first comment', async () => {
    const src = join(home, 'shot.png');
    writeFileSync(src, Buffer.alloc(1234, 7));
    const b = localBackend(home);
    const t = await b.createTicket(input({ attachments: [{ path: src, name: 'shot.png', size: 1234, contentType: 'image/png' }] }));
    const a = (await b.getTicket(t.id, { comments: true })).comments![0].attachments;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ name: 'shot.png', size: 1234 });
    const stored = fileURLToPath(a[0].url!);
    expect(stored.startsWith(join(home, 'data'))).toBe(true);
    writeFileSync(src, 'changed'); // the copy does not follow the original
    expect(statSync(stored).size).toBe(1234);
  });

  it('refuses a missing attachment or a directory before writing anything', async () => {
    const b = localBackend(home);
    const missing = input({ attachments: [{ path: join(home, 'nope.txt'), name: 'nope.txt', size: 1, contentType: 'text/plain' }] });
    await expect(b.createTicket(missing)).rejects.toBeInstanceOf(ValidationError);
    const dir = input({ attachments: [{ path: home, name: 'home', size: 1, contentType: 'text/plain' }] });
    await expect(b.createTicket(dir)).rejects.toBeInstanceOf(ValidationError);
    expect(await b.listTickets({ limit: 0, sort: 'created' })).toEqual([]);
    expect((await b.createTicket(input())).id).toBe('1');
  });
});

describe('local backend: idempotency and dedupe', () => {
  it('creating twice with the same idempotency key returns the first ticket and creates nothing', async () => {
    const b = localBackend(home);
    const first = await b.createTicket(input({ idempotencyKey: 'outbox-1' }));
    const again = await localBackend(home).createTicket(input({ idempotencyKey: 'outbox-1', subject: 'different' }));
    expect(again.id).toBe(first.id);
    expect(again.subject).toBe(first.subject);
    expect(await b.listTickets({ limit: 0, sort: 'created' })).toHaveLength(1);
    expect((await b.findByIdempotencyKey!('outbox-1'))?.id).toBe(first.id);
    expect(await b.findByIdempotencyKey!('other')).toBeNull();
  });

  it('findByDedupeKey returns the newest active ticket, and closed ones only with includeClosed', async () => {
    const c = clock();
    const b = localBackend(home, { now: c.now });
    const old = await b.createTicket(input({ dedupeKey: 'ci:build' }));
    c.advanceDays(1);
    const newer = await b.createTicket(input({ dedupeKey: 'ci:build' }));
    await b.createTicket(input({ dedupeKey: 'other' }));
    expect((await b.findByDedupeKey('ci:build'))?.id).toBe(newer.id);
    await b.updateTicket(newer.id, { status: 'solved' });
    expect((await b.findByDedupeKey('ci:build'))?.id).toBe(old.id);
    await b.updateTicket(old.id, { status: 'closed' });
    expect(await b.findByDedupeKey('ci:build')).toBeNull();
    expect((await b.findByDedupeKey('ci:build', { includeClosed: true }))?.id).toBe(newer.id);
  });
});

describe('local backend: list filters', () => {
  async function seed() {
    const c = clock('2026-11-01T08:00:00.000Z');
    const ana = localBackend(home, { now: c.now, profile: { email: 'Ana@Example.com', name: 'Ana' } });
    const t1 = await ana.createTicket(input({ subject: 'Imprimante en panne', body: 'Plus rien ne sort.' }));
    c.advanceDays(2);
    const t2 = await ana.createTicket(input({ category: 'IT', fields: {}, subject: 'VPN', body: 'Le VPN refuse la connexion après la mise à jour.' }));
    c.advanceDays(2);
    const t3 = await ana.createTicket(
      input({ category: 'CRM', fields: { module: 'Contacts' }, subject: 'Sync', body: 'x', requester: { name: 'Bob', email: 'bob@example.com' }, tags: ['sync'], priority: 'high' }),
    );
    c.advanceDays(1);
    await ana.updateTicket(t1.id, { status: 'pending' });
    return { c, ana, t1, t2, t3 };
  }
  const ids = (ts: { id: string }[]) => ts.map((t) => t.id);

  it('sorts newest first by created or updated, and limits (0 = all)', async () => {
    const { ana } = await seed();
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created' }))).toEqual(['3', '2', '1']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'updated' }))).toEqual(['1', '3', '2']);
    expect(ids(await ana.listTickets({ limit: 2, sort: 'created' }))).toEqual(['3', '2']);
  });

  it('filters by status, category, requester, mine, since, ids', async () => {
    const { ana } = await seed();
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', status: ['pending'] }))).toEqual(['1']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', status: ['new', 'pending'] }))).toEqual(['3', '2', '1']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', category: 'it' }))).toEqual(['2']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', requester: 'BOB@example.com' }))).toEqual(['3']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', mine: true }))).toEqual(['2', '1']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', since: '2026-11-03T00:00:00Z' }))).toEqual(['3', '2']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', ids: ['1', '3', '42'] }))).toEqual(['3', '1']);
  });

  it('--mine without a profile e-mail means the OS user', async () => {
    const me = localBackend(home);
    await me.createTicket(input());
    await me.createTicket(input({ requester: { name: 'Someone', email: 'someone@example.com' } }));
    expect(ids(await me.listTickets({ limit: 0, sort: 'created', mine: true }))).toEqual(['1']);
  });

  it('search is a case- and accent-insensitive substring of the subject or the description', async () => {
    const { ana } = await seed();
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', search: 'IMPRIMANTE' }))).toEqual(['1']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', search: 'apres la mise a jour' }))).toEqual(['2']);
    expect(await ana.listTickets({ limit: 0, sort: 'created', search: 'nothing like this' })).toEqual([]);
  });

  it('search finds words far into a long description', async () => {
    const b = localBackend(home);
    await b.createTicket(input({ body: 'lorem ipsum '.repeat(200) + 'Numéro de série introuvable' }));
    await b.createTicket(input({ body: 'short' }));
    expect(ids(await b.listTickets({ limit: 0, sort: 'created', search: 'numero de serie' }))).toEqual(['1']);
  });

  it('lists tickets whose index line is longer than the read buffer', async () => {
    const b = localBackend(home);
    await b.createTicket(input({ subject: 'before' }));
    await b.createTicket(input({ subject: 'huge', fields: { report_path: 'é'.repeat(1_500_000) } }));
    await b.createTicket(input({ subject: 'after' }));
    const list = await b.listTickets({ limit: 0, sort: 'created' });
    expect(list.map((t) => t.subject)).toEqual(['after', 'huge', 'before']);
    expect((list[1].fields.report_path as string).length).toBe(1_500_000);
    expect((await b.listTickets({ limit: 0, sort: 'created', search: 'after' })).map((t) => t.id)).toEqual(['3']);
  });

  it('list results carry no comments', async () => {
    const { ana } = await seed();
    for (const t of await ana.listTickets({ limit: 0, sort: 'created' })) expect(t.comments).toBeUndefined();
  });

  it('accepts the documented key:value query and rejects an unknown key with a hint', async () => {
    const { ana } = await seed();
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', query: 'status:new category:CRM priority:high tag:sync' }))).toEqual(['3']);
    expect(ids(await ana.listTickets({ limit: 0, sort: 'created', query: 'status:new,pending imprimante' }))).toEqual(['1']);
    const err = await ana.listTickets({ limit: 0, sort: 'created', query: 'assignee:me' }).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.hint).toContain('status:');
    await expect(ana.listTickets({ limit: 0, sort: 'created', query: 'status:bogus' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('local backend: reply, update, reopen', () => {
  it('reply adds a comment with an id; a public reply from the requester reopens a solved ticket', async () => {
    const b = localBackend(home, { profile: { email: 'ana@example.com' } });
    const t = await b.createTicket(input());
    await b.updateTicket(t.id, { status: 'solved' });
    const c = await b.reply(t.id, { body: 'Still broken', attachments: [], public: true });
    expect(c.id).toBe('2');
    const shown = await b.getTicket(t.id, { comments: true });
    expect(shown.status).toBe('open');
    expect(shown.comments!.map((x) => x.body)).toEqual(['The workshop order 12345 cannot be invoiced.', 'Still broken']);
  });

  it('a private note does not reopen; reply with a status sets it', async () => {
    const b = localBackend(home);
    const t = await b.createTicket(input());
    await b.updateTicket(t.id, { status: 'solved' });
    await b.reply(t.id, { body: 'note', attachments: [], public: false });
    expect((await b.getTicket(t.id)).status).toBe('solved');
    await b.reply(t.id, { body: 'waiting for you', attachments: [], public: true, status: 'pending' });
    expect((await b.getTicket(t.id)).status).toBe('pending');
  });

  it('updateTicket applies status, priority, merged fields, cc changes, tags and subject', async () => {
    const c = clock();
    const b = localBackend(home, { now: c.now });
    const t = await b.createTicket(input({ cc: ['a@example.com'] }));
    c.advanceDays(1);
    const u = await b.updateTicket(t.id, {
      status: 'on-hold',
      priority: 'urgent',
      fields: { site: 'Lyon', company: 'ACME' },
      addCc: ['b@example.com', 'A@example.com'],
      removeCc: ['a@example.com'],
      tags: ['x', 'y'],
      subject: 'New subject',
    });
    expect(u).toMatchObject({
      status: 'on-hold',
      backendStatus: 'on-hold',
      priority: 'urgent',
      subject: 'New subject',
      cc: ['b@example.com'],
      tags: ['x', 'y'],
      fields: { site: 'Lyon', company: 'ACME', document_number: '12345' },
    });
    expect(u.updatedAt).toBe(c.now().toISOString());
    expect((await localBackend(home).getTicket(t.id)).priority).toBe('urgent');
  });

  it('reopen within the window reactivates the same ticket', async () => {
    const c = clock();
    const b = localBackend(home, { now: c.now });
    const t = await b.createTicket(input());
    await b.updateTicket(t.id, { status: 'closed' });
    c.advanceDays(13);
    const r = await b.reopen(t.id, { comment: 'It came back' });
    expect(r.followUp).toBe(false);
    expect(r.ticket.id).toBe(t.id);
    expect(r.ticket.status).toBe('open');
    expect(r.ticket.comments!.at(-1)!.body).toBe('It came back');
  });

  it('reopen after the window creates a linked follow-up and notes it on the old ticket', async () => {
    const c = clock();
    const b = localBackend(home, { now: c.now, profile: { email: 'ana@example.com' } });
    const t = await b.createTicket(input({ cc: ['x@example.com'] }));
    await b.updateTicket(t.id, { status: 'solved' });
    c.advanceDays(15);
    const r = await b.reopen(t.id, { comment: 'Same problem again' });
    expect(r.followUp).toBe(true);
    expect(r.ticket.id).toBe('2');
    expect(r.ticket).toMatchObject({ followUpOf: '1', category: 'DMS', status: 'new', fields: t.fields, requester: t.requester, cc: ['x@example.com'] });
    expect(r.ticket.comments![0].body).toContain('#1');
    expect(r.ticket.comments![0].body).toContain('Same problem again');
    const old = await b.getTicket(t.id, { comments: true });
    expect(old.status).toBe('solved');
    expect(old.comments!.at(-1)!.body).toContain('#2');
  });

  it('the window comes from the profile (reopenWindowDays), and counts from the close', async () => {
    const c = clock();
    const b = localBackend(home, { now: c.now, profile: { reopenWindowDays: 2 } });
    expect(b.capabilities.reopenWindowDays).toBe(2);
    const t = await b.createTicket(input());
    c.advanceDays(10); // created long ago, closed now: the window starts at the close
    await b.updateTicket(t.id, { status: 'closed' });
    c.advanceDays(1);
    expect((await b.reopen(t.id, {})).followUp).toBe(false);
    await b.updateTicket(t.id, { status: 'closed' });
    c.advanceDays(3);
    expect((await b.reopen(t.id, {})).followUp).toBe(true);
  });

  it('reopen of a ticket that is not solved or closed is a ConflictError', async () => {
    const b = localBackend(home);
    const t = await b.createTicket(input());
    await b.updateTicket(t.id, { status: 'open' });
    const err = await b.reopen(t.id, {}).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe('Ticket 1 is open; nothing to reopen.');
  });
});

describe('local backend: health, capabilities', () => {
  it('reports a reachable, authenticated store and its limits', async () => {
    const b = localBackend(home, { profile: { name: 'Ana', email: 'ana@example.com' } });
    const h = await b.health();
    expect(h).toMatchObject({ reachable: true, authenticated: true, user: { name: 'Ana', email: 'ana@example.com' } });
    expect(typeof h.latencyMs).toBe('number');
    expect(b.capabilities).toEqual({
      idempotentCreate: true,
      bulk: 'emulated',
      maxBulk: 100,
      subjectMaxLength: 150,
      attachmentMaxBytes: 20 * 1024 * 1024,
      reopenWindowDays: 14,
    });
  });
});

describe('local store: recovery', () => {
  it('ignores a torn last index line and fences it off on the next write', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    appendFileSync(store().indexPath, '{"r":1}\t{"id":"2","subj');
    expect((await b.listTickets({ limit: 0, sort: 'created' })).map((t) => t.id)).toEqual(['1']);
    await b.createTicket(input({ subject: 'after the tear' }));
    const list = await b.listTickets({ limit: 0, sort: 'created' });
    expect(list.map((t) => t.subject)).toEqual(['after the tear', 'Commande atelier bloquée']);
    expect(readFileSync(store().indexPath, 'utf8').endsWith('\n')).toBe(true);
  });

  it('a ticket written without its index line (killed in between) is listed and healed', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    await b.createTicket(input({ subject: 'two' }));
    // Simulate a writer killed after writing ticket 2's new version but before appending its line.
    const s = store();
    const rec = s.readRecord('2')!;
    rec.ticket.status = 'pending';
    rec.meta.rev += 1;
    writeFileSync(s.ticketPath('2'), JSON.stringify(rec));
    writeFileSync(s.statePath, JSON.stringify({ ...s.readState(), pending: '2' }));
    expect((await b.listTickets({ limit: 0, sort: 'created', status: ['pending'] })).map((t) => t.id)).toEqual(['2']);
    await b.createTicket(input({ subject: 'three' })); // heals, then writes
    writeFileSync(s.statePath, JSON.stringify({ ...s.readState(), pending: null }));
    expect((await b.listTickets({ limit: 0, sort: 'created', status: ['pending'] })).map((t) => t.id)).toEqual(['2']);
  });

  it('never overwrites a ticket even if state.json lost its counter', async () => {
    const b = localBackend(home);
    await b.createTicket(input({ subject: 'one' }));
    await b.createTicket(input({ subject: 'two' }));
    writeFileSync(store().statePath, JSON.stringify({ lastId: 0, pending: null, lines: 2 }));
    expect((await b.createTicket(input({ subject: 'three' }))).id).toBe('3');
    expect((await b.getTicket('1')).subject).toBe('one');
  });

  it('a damaged state.json is rebuilt from the ticket files; a damaged ticket file is a clear error', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    await b.createTicket(input());
    writeFileSync(store().statePath, '{"lastI');
    expect((await b.createTicket(input())).id).toBe('3');
    writeFileSync(store().ticketPath('1'), 'garbage');
    const err = await b.getTicket('1').catch((e) => e);
    expect(err.message).toContain('1.json is damaged');
    expect(err.hint).toBeTruthy();
  });

  it('compacts the index once it holds many superseded lines', async () => {
    const b = localBackend(home);
    const t = await b.createTicket(input());
    for (let i = 0; i < 80; i++) await b.updateTicket(t.id, { fields: { company: `c${i}` } });
    const lines = readFileSync(store().indexPath, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(70);
    expect((await b.getTicket(t.id)).fields.company).toBe('c79');
    expect((await b.listTickets({ limit: 0, sort: 'created' }))[0].fields.company).toBe('c79');
  });

  it('a lock left by a dead process is taken over at once, and its temp files are swept', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    const s = store();
    writeFileSync(s.lockPath, `999999 ${(await import('node:os')).hostname()} ${Date.now()} x\n`);
    const tmp = join(s.ticketsDir, '.1.json.999999.abcd1234.tmp');
    writeFileSync(tmp, '{"half');
    // "At once": a store that may not wait at all still gets the lock (a live holder would time it out).
    const impatient = new LocalStore(join(home, 'data', 'local'), { waitMs: 0 });
    await expect(impatient.transact(() => 'done')).resolves.toBe('done');
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(s.lockPath)).toBe(false);
    await b.createTicket(input());
    expect(await b.listTickets({ limit: 0, sort: 'created' })).toHaveLength(2);
  });

  it('a lock held by a live process is waited for, not taken over', async () => {
    const b = localBackend(home);
    await b.createTicket(input());
    const s = store();
    writeFileSync(s.lockPath, `${process.pid} ${(await import('node:os')).hostname()} ${Date.now()} x\n`);
    const impatient = new LocalStore(join(home, 'data', 'local'), { waitMs: 0 });
    await expect(impatient.transact(() => 'done')).rejects.toThrow(/Timed out waiting for the lock/);
    expect(readFileSync(s.lockPath, 'utf8')).toContain(`${process.pid} `);
  });
});

// Issue 10: the index is a cache of the ticket files; damage to it must never hide a ticket.
describe('local store: a damaged index or ticket file', () => {
  async function three(warnings: string[]) {
    const b = localBackend(home, { warn: (l) => warnings.push(l) });
    for (const s of ['one', 'two', 'three']) await b.createTicket(input({ subject: s }));
    return b;
  }
  const subjects = async (b: ReturnType<typeof localBackend>) =>
    (await b.listTickets({ limit: 0, sort: 'created' })).map((t) => t.subject).sort();

  it('one damaged line in index.jsonl: list still shows every ticket, the index is rebuilt, one warning', async () => {
    const warnings: string[] = [];
    const b = await three(warnings);
    const path = store().indexPath;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1].slice(0, 20) + '#garbage#' + lines[1].slice(40);
    writeFileSync(path, lines.join('\n'));
    expect(await subjects(b)).toEqual(['one', 'three', 'two']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/index was damaged \(1 unreadable line(, 1 ticket missing)?\); rebuilt it from the 3 ticket files/);
    // Rebuilt on disk: a fresh process finds nothing to repair.
    const again: string[] = [];
    expect(await subjects(localBackend(home, { warn: (l) => again.push(l) }))).toEqual(['one', 'three', 'two']);
    expect(again).toEqual([]);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('an emptied index: list (and a text search, and the dedupe lookup) rebuild it', async () => {
    const warnings: string[] = [];
    const b = await three(warnings);
    await b.createTicket(input({ subject: 'keyed', dedupeKey: 'k-1' }));
    writeFileSync(store().indexPath, '');
    expect((await b.listTickets({ limit: 0, sort: 'created', search: 'three' })).map((t) => t.subject)).toEqual(['three']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/index was damaged \(3 tickets missing\)/); // the 4th is the pending one, read from its file
    expect(await subjects(b)).toEqual(['keyed', 'one', 'three', 'two']);
    writeFileSync(store().indexPath, '');
    expect((await localBackend(home).findByDedupeKey('k-1'))?.subject).toBe('keyed');
  });

  it('a deleted index line is found through the ticket file it no longer lists', async () => {
    const warnings: string[] = [];
    const b = await three(warnings);
    const path = store().indexPath;
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, [lines[0], lines[2]].join('\n') + '\n');
    expect(await subjects(b)).toEqual(['one', 'three', 'two']);
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ['[1,2,3]', /2\.json is damaged \(it holds \[1,2,3\], not a ticket record\)/],
    ['null', /2\.json is damaged \(it holds null, not a ticket record\)/],
    ['{"v":1,"ticket":{"id":"9","comments":[]},"meta":{}}', /2\.json is damaged \(it holds ticket "9", not 2\)/],
    ['{"v":1}', /2\.json is damaged \(it has no "ticket" object\)/],
  ])('a ticket file holding %s is a clear error, and list still works', async (content, message) => {
    const b = await three([]);
    writeFileSync(store().ticketPath('2'), content);
    const err = await b.getTicket('2').catch((e) => e);
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(/restore it from a backup/);
    expect(err).not.toBeInstanceOf(TypeError);
    await expect(b.reply('2', { body: 'x', public: true, attachments: [] })).rejects.toThrow(message);
    expect(await subjects(b)).toEqual(['one', 'three', 'two']);
  });

  it('a rebuild leaves a damaged ticket file out, says so once, and does not loop', async () => {
    const warnings: string[] = [];
    const b = await three(warnings);
    writeFileSync(store().ticketPath('2'), 'null');
    writeFileSync(store().indexPath, '');
    expect(await subjects(b)).toEqual(['one', 'three']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Left out, damaged: .*2\.json/);
    const before = readFileSync(store().indexPath, 'utf8');
    const again: string[] = [];
    expect(await subjects(localBackend(home, { warn: (l) => again.push(l) }))).toEqual(['one', 'three']);
    expect(again).toEqual([]);
    expect(readFileSync(store().indexPath, 'utf8')).toBe(before);
  });
});
