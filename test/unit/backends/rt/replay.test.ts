// The RT adapter against answers recorded from a real RT 5.0.3 server (test/fixtures/rt/
// recorded.json, written by record.test.ts), served by undici's MockAgent: no server needed. Each
// test checks the requests the adapter sends (one correspond carrying Status, no request at all for
// what RT cannot represent) and what it makes of RT's answers (the ticket as RT has it, RT's
// failure messages as not-applied).
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../../src/backends/backend.js';
import type { CreateInput } from '../../../../src/model.js';
import { AuthError, NotAppliedError, NotFoundError, ValidationError } from '../../../../src/errors.js';
import { cleanup, tempDir } from '../../../helpers/rt-env.js';
import { cleanupReplayHomes, replay, replayBackend, scenes, staleSchema, ORIGIN, type Scene } from '../../../helpers/rt-replay.js';

const S = scenes();
let mock: ReturnType<typeof replay> | null = null;
const dirs: string[] = [];

afterEach(async () => {
  try {
    mock?.done();
  } finally {
    await mock?.close();
    mock = null;
    dirs.splice(0).forEach(cleanup);
    cleanupReplayHomes();
  }
});

function serve(...names: string[]): Backend {
  mock = replay(...names.flatMap((n) => S[n].interactions));
  return replayBackend(mock.agent);
}
const writes = () => mock!.sent.filter((s) => s.method !== 'GET');
const idOf = (sc: Scene) => String(sc.input!.id);

describe('RT adapter against recorded RT 5 answers', () => {
  it('categories are the queues one may create in, with their custom fields; TicketType is no field', async () => {
    const rt = serve('schema');
    const cats = await rt.listCategories();
    expect(cats.map((c) => c.id).sort()).toEqual(['CONNECT', 'CRM', 'DMS', 'IT']);
    const dms = cats.find((c) => c.id === 'DMS')!;
    expect(dms.fields.map((f) => f.key)).toEqual(['Société', 'Établissement', 'Sous-site', 'Type de document', 'Numéro de document', 'Accès au rapport']);
    const sub = dms.fields.find((f) => f.key === 'Sous-site')!;
    expect(sub.dependsOn).toEqual({ field: 'Établissement', values: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'] });
    expect(sub.optionsByParent!.Paris).toEqual(['Paris Nord', 'Paris Sud']);
    expect(dms.fields.find((f) => f.key === 'Numéro de document')).toMatchObject({ required: true, hint: '4-10 digits' });
    expect(cats.find((c) => c.id === 'CRM')!.fields).toEqual([]);
    expect(mock!.sent[0].headers.authorization).toBe('token TOKEN');
  });

  it('write capabilities: the default lifecycle without pending/closed, the types of CRM’s TicketType, CC, notes', async () => {
    const rt = serve('schema');
    const caps = await rt.writeCapabilities!();
    expect(caps.statuses.map((s) => `${s.status}=${s.backendStatus}`)).toEqual(['new=new', 'open=open', 'on-hold=stalled', 'solved=resolved']);
    expect(caps.types).toEqual(['incident', 'question', 'feature']);
    expect(caps).toMatchObject({ cc: true, internalNotes: true, reopenWindowDays: null });
    expect(caps.notes!.join(' ')).toContain('"TicketType" custom field, in CRM (incident, question, feature)');
  });

  it('create stores --type in TicketType and answers the ticket read back from RT', async () => {
    const sc = S['create-type'];
    const rt = serve('create-type');
    const t = await rt.createTicket(sc.input as unknown as CreateInput);
    const post = writes()[0];
    expect(post.path).toBe('/REST/2.0/ticket');
    expect(post.body).toMatchObject({ Queue: 'CRM', Subject: 'Replay: export CRM vers Excel', Priority: 50, Requestor: 'customer@example.com', CustomFields: { TicketType: 'feature' } });
    expect(t).toMatchObject({ category: 'CRM', type: 'feature', status: 'new', backendStatus: 'new', requester: { name: 'Client Démo', email: 'customer@example.com' } });
    expect(t.url).toBe(`${ORIGIN}/Ticket/Display.html?id=${t.id}`);
    expect(t.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(t.fields).toEqual({});
  });

  it('create with --type in a queue without TicketType is refused before sending (exit 2)', async () => {
    const rt = serve('create-no-type');
    const input = { ...(S['create-type'].input as unknown as CreateInput), category: 'IT', type: 'question' as const };
    const e = await rt.createTicket(input).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('RT stores no ticket type in queue IT.');
    expect(writes()).toEqual([]);
  });

  it('lists with TicketSQL and the columns in the same request', async () => {
    const rt = serve('list');
    const list = await rt.listTickets({ category: 'CRM', search: 'Replay: export CRM vers Excel', limit: 1, sort: 'created' });
    const q = new URL(mock!.sent[0].path, ORIGIN).searchParams;
    expect(q.get('query')).toBe("Queue = 'CRM' AND (Subject LIKE 'Replay: export CRM vers Excel' OR Content LIKE 'Replay: export CRM vers Excel')");
    expect(q.get('fields')).toContain('CustomFields');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ subject: 'Replay: export CRM vers Excel', type: 'feature' });
  });

  it('shows a ticket with its conversation (history and attachments in parallel)', async () => {
    const sc = S.show;
    const rt = serve('show');
    const t = await rt.getTicket(idOf(sc), { comments: true });
    expect(t.comments!.map((c) => [c.public, c.body])).toEqual([[true, 'L’export échoue ✓']]);
    expect(t.comments![0].author).toMatchObject({ email: 'customer@example.com' });
  });

  it('a reply that sets on-hold is one correspond carrying Status stalled', async () => {
    const sc = S['reply-status'];
    const rt = serve('reply-status');
    const c = await rt.reply(idOf(sc), { body: 'Merci, je regarde.', attachments: [], public: true, status: 'on-hold' });
    expect(writes()).toEqual([expect.objectContaining({ method: 'POST', path: `/REST/2.0/ticket/${idOf(sc)}/correspond`, body: { Content: 'Merci, je regarde.', ContentType: 'text/plain', Status: 'stalled' } })]);
    expect(c).toMatchObject({ public: true, body: 'Merci, je regarde.' });
    expect(c.id).toMatch(/^\d+$/);
  });

  it('an internal note is an RT comment', async () => {
    const sc = S.comment;
    const rt = serve('comment');
    const c = await rt.reply(idOf(sc), { body: 'Note interne', attachments: [], public: false });
    expect(writes().map((w) => w.path)).toEqual([`/REST/2.0/ticket/${idOf(sc)}/comment`]);
    expect(c.public).toBe(false);
  });

  it('update answers the ticket RT has after the PUT (priority, status, CC)', async () => {
    const sc = S.update;
    const rt = serve('update');
    const t = await rt.updateTicket(idOf(sc), { priority: 'high', status: 'open', addCc: ['chef@example.com'] });
    expect(writes()[0].body).toEqual({ Status: 'open', Priority: 100, Cc: ['chef@example.com'] });
    expect(t).toMatchObject({ priority: 'high', status: 'open', backendStatus: 'open', cc: ['chef@example.com'] });
  });

  it('close sets resolved and reads solved; reopen sets open', async () => {
    const rt = serve('close', 'reopen');
    const id = idOf(S.close);
    expect(await rt.updateTicket(id, { status: 'solved' })).toMatchObject({ status: 'solved', backendStatus: 'resolved' });
    expect((await rt.reopen(id, {})).ticket).toMatchObject({ status: 'open', backendStatus: 'open' });
    expect(writes().map((w) => w.body)).toEqual([{ Status: 'resolved' }, { Status: 'open' }]);
  });

  it('pending and closed are refused before sending, naming what RT can set', async () => {
    const rt = serve();
    for (const status of ['pending', 'closed'] as const) {
      const e = await rt.updateTicket('1', { status }).catch((x) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.hint).toContain('Statuses it can set: new, open, on-hold (stalled), solved (resolved).');
      await expect(rt.reply('1', { body: 'x', attachments: [], public: true, status })).rejects.toThrow(ValidationError);
      await expect(rt.bulkUpdate!([{ id: '1', changes: { status } }])).rejects.toThrow(ValidationError);
    }
    expect(mock!.sent).toEqual([]);
  });

  it('bulk reports per ticket from RT’s messages and the read-back, with the ticket as it is', async () => {
    const sc = S.bulk;
    const rt = serve('bulk');
    const r = await rt.bulkUpdate!([
      { id: idOf(sc), changes: { status: 'on-hold' } },
      { id: '999999', changes: { status: 'on-hold' } },
    ]);
    expect(writes()).toHaveLength(1);
    expect(r[0]).toMatchObject({ id: idOf(sc), ok: true, ticket: { status: 'on-hold', backendStatus: 'stalled' } });
    expect(r[1]).toMatchObject({ id: '999999', ok: false, error: { code: 'not_found', message: 'Resource does not exist' } });
  });

  it('a status RT refuses (its real answer for a status the lifecycle lacks) is not-applied with the ticket read back', async () => {
    const sc = S['refused-status'];
    const rt = serve('refused-status');
    const e = await rt.updateTicket(idOf(sc), { status: 'open' }).catch((x) => x);
    expect(e).toBeInstanceOf(NotAppliedError);
    expect(e.exitCode).toBe(6);
    expect(e.message).toContain("isn't a valid status for this ticket");
    expect(e.message).toContain('status: asked for open, it is on-hold (stalled)');
    expect(e.ticket).toMatchObject({ id: idOf(sc), backendStatus: 'stalled' });
  });

  it('a field RT drops silently (answer []) is not-applied in update and in bulk, with the ticket as RT has it', async () => {
    const sc = S['dropped-field'];
    mock = replay(...sc.interactions);
    const home = tempDir('ticket-rt-replay-');
    dirs.push(home);
    const first = replayBackend(mock.agent, `${home}/state`);
    const t = await first.createTicket(sc.input as unknown as CreateInput);
    expect(t.fields).toMatchObject({ Établissement: 'Paris', 'Numéro de document': '4242' });
    staleSchema(`${home}/state`);
    const rt = replayBackend(mock.agent, `${home}/state`);
    const e = await rt.updateTicket(t.id, { fields: { 'Ancien champ': '1' } }).catch((x) => x);
    expect(e).toBeInstanceOf(NotAppliedError);
    expect(e.message).toContain('fields.Ancien champ: asked for 1, it is nothing');
    expect(e.ticket).toMatchObject({ id: t.id, fields: { 'Numéro de document': '4242' } });
    const [item] = await rt.bulkUpdate!([{ id: t.id, changes: { fields: { 'Ancien champ': '2' } } }]);
    expect(item).toMatchObject({ id: t.id, ok: false, error: { code: 'not-applied' }, ticket: { id: t.id } });
  });

  it('a field the queue does not have is refused before sending, in update and bulk', async () => {
    const sc = S['dropped-field'];
    // The create's schema requests and read-back only: nothing else may be sent.
    mock = replay(...sc.interactions.filter((i, n) => n < 11), sc.interactions[11], ...sc.interactions.filter((i) => i.path.includes('orderby')).slice(0, 1));
    const rt = replayBackend(mock.agent);
    const t = await rt.createTicket(sc.input as unknown as CreateInput);
    await expect(rt.updateTicket(t.id, { fields: { Nope: '1' } })).rejects.toThrow(/Unknown field "Nope"/);
    await expect(rt.bulkUpdate!([{ id: t.id, changes: { fields: { Nope: '1' } } }])).rejects.toThrow(/Nope/);
    expect(writes().map((w) => w.path)).toEqual(['/REST/2.0/ticket']);
  });

  it('errors: an unknown ticket is NotFound (3), a refused token is AuthError (4)', async () => {
    let rt = serve('not-found');
    await expect(rt.getTicket('999999')).rejects.toThrow(NotFoundError);
    mock!.done();
    await mock!.close();
    rt = serve('bad-token');
    const e = await rt.whoami().catch((x) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.exitCode).toBe(4);
  });
});
