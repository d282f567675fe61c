// The Zendesk adapter against recorded Zendesk API v2 responses (test/fixtures/zendesk, from the
// official Ruby client's VCR cassettes) and documented payloads, through undici's MockAgent: what
// is sent (method, path, query, headers, body) and how the answers are read.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZendeskBackend } from '../../../../src/backends/zendesk/index.js';
import type { Profile } from '../../../../src/config/profile.js';
import type { CreateInput } from '../../../../src/model.js';
import { backendContext } from '../../../helpers/context.js';
import { fromRecording, mockServer, recorded } from '../../../helpers/mock-server.js';

const ORIGIN = 'https://example.zendesk.com';
const BASIC = 'Basic ' + Buffer.from('user@example.com/token:s3cret').toString('base64');
let mock: ReturnType<typeof mockServer>;
let dir: string | null = null;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

function zendesk(profile: Partial<Profile> = {}) {
  mock = mockServer(ORIGIN);
  const backend = createZendeskBackend(
    backendContext({ backend: 'zendesk', url: ORIGIN, user: 'user@example.com', token: 's3cret', ...profile }, { dispatcher: mock.agent }),
    { sleep: async () => undefined },
  );
  return backend;
}

const fields = () => fromRecording(recorded('zendesk', 'ticket-fields-list.json')[0]);

function input(over: Partial<CreateInput> = {}): CreateInput {
  return { category: 'default', subject: 'This is a question?', body: 'Indeed it is!', priority: 'normal', type: 'question', fields: {}, attachments: [], cc: [], tags: ['awesome', 'blossom'], ...over };
}

describe('Zendesk agent (Tickets API) against recorded responses', () => {
  it('creates a ticket: API-token auth, Idempotency-Key, JSON body; reads the recorded ticket back', async () => {
    const backend = zendesk();
    const [create] = recorded('zendesk', 'ticket-create.json');
    const [show] = recorded('zendesk', 'ticket-show.json');
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('POST', '/api/v2/tickets', fromRecording(create, { 'x-idempotency-lookup': 'miss' }));
    mock.expect('GET', '/api/v2/tickets/8867', fromRecording(show));
    const t = await backend.createTicket(input({ idempotencyKey: 'outbox-0001', cc: ['cc@example.com'], requester: { name: 'Sample User', email: 'user@example.com' } }));
    const post = mock.sent[1];
    expect(post.headers.authorization).toBe(BASIC);
    expect(post.headers['idempotency-key']).toBe('outbox-0001');
    expect(post.headers['content-type']).toMatch(/^application\/json/);
    expect(post.body).toEqual({
      ticket: {
        subject: 'This is a question?',
        comment: { body: 'Indeed it is!' },
        priority: 'normal',
        type: 'question',
        requester: { name: 'Sample User', email: 'user@example.com' },
        email_ccs: [{ user_email: 'cc@example.com', action: 'put' }],
        tags: ['awesome', 'blossom'],
      },
    });
    expect(mock.sent[2].query.get('include')).toBe('users');
    expect(t).toMatchObject({
      id: '8867',
      url: `${ORIGIN}/agent/tickets/8867`,
      subject: 'This is a question?',
      status: 'new',
      backendStatus: 'new',
      priority: 'normal',
      type: 'question',
      category: null,
      tags: ['awesome', 'blossom'],
      fields: {},
      createdAt: '2015-12-30T01:45:29Z',
    });
  });

  it('uploads each attachment (raw bytes, filename query) and sends the tokens in comment.uploads', async () => {
    const backend = zendesk();
    const [up1, up2, create] = recorded('zendesk', 'ticket-create-with-uploads.json');
    dir = await mkdtemp(join(tmpdir(), 'zd-'));
    const gif = join(dir, 'Argentina.gif');
    await writeFile(gif, Buffer.from('GIF89a-fake'));
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('POST', '/api/v2/uploads', fromRecording(up1));
    mock.expect('POST', '/api/v2/uploads', fromRecording(up2));
    mock.expect('POST', '/api/v2/tickets', fromRecording(create));
    mock.expect('GET', '/api/v2/tickets/8865', { status: 200, json: { ticket: (create.response.json as { ticket: unknown }).ticket, users: [] } });
    const att = { path: gif, name: 'Argentina.gif', size: 11, contentType: 'image/gif' };
    const t = await backend.createTicket(input({ attachments: [att, att] }));
    const [u1, u2, post] = mock.sent.slice(1);
    expect(u1.query.get('filename')).toBe('Argentina.gif');
    expect(u1.headers['content-type']).toBe('image/gif');
    expect(Buffer.from(u1.raw as Buffer).toString()).toBe('GIF89a-fake');
    expect(u2.query.get('token')).toBeNull();
    expect((post.body as { ticket: { comment: unknown } }).ticket.comment).toEqual({
      body: 'Indeed it is!',
      uploads: ['uMWFnZkKOIj9Zh0hgfSdPhQ7q', '0B5V99Eq7q0VgdPmksshGmSgg'],
    });
    expect(t.id).toBe('8865');
  });

  it('lists tickets with cursor parameters and maps recorded statuses, priorities and types', async () => {
    const backend = zendesk();
    const [list] = recorded('zendesk', 'tickets-list.json');
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/tickets', fromRecording(list));
    const tickets = await backend.listTickets({ limit: 2, sort: 'updated' });
    const q = mock.sent[1].query;
    expect([q.get('page[size]'), q.get('sort'), q.get('include')]).toEqual(['2', '-updated_at', 'users']);
    expect(tickets).toHaveLength(2);
    expect(tickets.map((t) => [t.id, t.status, t.priority, t.type])).toEqual([
      ['1', 'pending', 'high', 'incident'],
      ['94', 'new', 'normal', 'question'],
    ]);
  });

  it('turns filters into one Zendesk search query and follows offset pages', async () => {
    const backend = zendesk();
    const page = (ids: number[], next: string | null) => ({
      status: 200,
      json: { results: ids.map((id) => ({ id, result_type: 'ticket', subject: `T${id}`, status: 'hold', priority: null, type: 'task', requester_id: 5, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' })), users: [{ id: 5, name: 'Zoé', email: 'zoe@example.com' }], next_page: next },
    });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/search', page([3, 2], `${ORIGIN}/api/v2/search.json?page=2&query=x`));
    mock.expect('GET', '/api/v2/search', page([1], null));
    const res = await backend.listTickets({ limit: 0, sort: 'created', status: ['on-hold', 'open'], requester: 'zoe@example.com', since: '2026-11-01T00:00:00.000Z', search: 'imprimante bloquée' });
    expect(mock.sent[1].query.get('query')).toBe('type:ticket status:hold status:open requester:zoe@example.com created>2026-11-01T00:00:00Z "imprimante bloquée"');
    expect([mock.sent[1].query.get('sort_by'), mock.sent[1].query.get('sort_order')]).toEqual(['created_at', 'desc']);
    expect(mock.sent[2].query.get('page')).toBe('2');
    expect(res.map((t) => [t.id, t.status, t.backendStatus, t.type, t.requester.email])).toEqual([
      ['3', 'on-hold', 'hold', 'feature', 'zoe@example.com'],
      ['2', 'on-hold', 'hold', 'feature', 'zoe@example.com'],
      ['1', 'on-hold', 'hold', 'feature', 'zoe@example.com'],
    ]);
  });

  it('show: the recorded ticket with its comments (cursor pages, sideloaded users, HTML-only bodies rendered)', async () => {
    const backend = zendesk();
    const [show] = recorded('zendesk', 'ticket-show.json');
    const users = [{ id: 20014192, name: 'Sample User', email: 'user@example.com' }];
    mock.expect('GET', '/api/v2/tickets/8867', { status: 200, json: { ...(show.response.json as object), users } });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/tickets/8867/comments', {
      status: 200,
      json: {
        comments: [{ id: 1, type: 'Comment', author_id: 20014192, body: 'Indeed it is!', html_body: '<div class="zd-comment"><p>Indeed it is!</p></div>', public: true, attachments: [{ id: 5, file_name: 'a.gif', content_url: 'https://example.zendesk.com/attachments/token/x/?name=a.gif', size: 1234 }], created_at: '2015-12-30T01:45:29Z' }],
        users, meta: { has_more: true, after_cursor: 'c1' }, links: { next: `${ORIGIN}/api/v2/tickets/8867/comments.json?page[after]=c1&page[size]=100` },
      },
    });
    mock.expect('GET', '/api/v2/tickets/8867/comments', {
      status: 200,
      json: { comments: [{ id: 2, type: 'Comment', author_id: 99, html_body: '<p>Internal <b>note</b></p><ul><li>one</li></ul>', public: false, attachments: [], created_at: '2015-12-30T02:00:00Z' }], users: [], meta: { has_more: false }, links: { next: null } },
    });
    const t = await backend.getTicket('8867', { comments: true });
    const pages = mock.sent.filter((x) => x.path === '/api/v2/tickets/8867/comments');
    expect(Object.fromEntries(pages[0].query)).toEqual({ include: 'users', 'page[size]': '100' });
    expect(pages[1].query.get('page[after]')).toBe('c1');
    expect(t.requester).toEqual({ name: 'Sample User', email: 'user@example.com' });
    expect(t.comments).toEqual([
      { id: '1', author: { name: 'Sample User', email: 'user@example.com' }, body: 'Indeed it is!', public: true, createdAt: '2015-12-30T01:45:29Z', attachments: [{ name: 'a.gif', size: 1234, url: expect.stringContaining('a.gif') }] },
      { id: '2', author: { name: null, email: null }, body: 'Internal note\n\n * one', public: false, createdAt: '2015-12-30T02:00:00Z', attachments: [] },
    ]);
  });

  it('maps a recorded 404 to not found (exit 3)', async () => {
    const backend = zendesk();
    const [, gone] = recorded('zendesk', 'ticket-delete.json');
    mock.expect('GET', '/api/v2/tickets/8869', fromRecording(gone));
    await expect(backend.getTicket('8869')).rejects.toMatchObject({ code: 'not_found', exitCode: 3 });
  });

  it('reopens a closed ticket as a follow-up when Zendesk answers 422 "closed prevents ticket update"', async () => {
    const backend = zendesk();
    const closed = { error: 'RecordInvalid', description: 'Record validation errors', details: { status: [{ description: 'Status: closed prevents ticket update' }] } };
    const old = { id: 41, subject: 'Printer', status: 'closed', priority: 'high', type: 'incident', requester_id: 7, ticket_form_id: 1106, custom_fields: [{ id: 20015156, value: '42' }, { id: 20027726, value: null }], created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-02T00:00:00Z' };
    const follow = { ...old, id: 42, status: 'new', via: { channel: 'web', source: { rel: 'follow_up', from: { ticket_id: 41 } } } };
    mock.expect('PUT', '/api/v2/tickets/41', { status: 422, json: closed });
    mock.expect('GET', '/api/v2/tickets/41', { status: 200, json: { ticket: old } });
    mock.expect('POST', '/api/v2/tickets', { status: 201, json: { ticket: follow } });
    mock.expect('GET', '/api/v2/tickets/42', { status: 200, json: { ticket: follow, users: [] } });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    const r = await backend.reopen('41', { comment: 'Still broken' });
    expect(mock.sent[0].body).toEqual({ ticket: { status: 'open', comment: { body: 'Still broken', public: true } } });
    expect(mock.sent[2].body).toEqual({
      ticket: { subject: 'Printer', comment: { body: 'Still broken' }, via_followup_source_id: 41, ticket_form_id: 1106, requester_id: 7, priority: 'high', type: 'incident', custom_fields: [{ id: 20015156, value: '42' }] },
    });
    expect(r).toMatchObject({ followUp: true, ticket: { id: '42', followUpOf: '41', fields: { age_20015156: '42' } } });
  });

  it('bulk: one update_many of ≤100 tickets, then polls the job status', async () => {
    const backend = zendesk();
    mock.expect('PUT', '/api/v2/tickets/update_many', { status: 200, json: { job_status: { id: 'abc', status: 'queued', url: `${ORIGIN}/api/v2/job_statuses/abc.json` } } });
    mock.expect('GET', '/api/v2/job_statuses/abc', { status: 200, json: { job_status: { id: 'abc', status: 'working', results: null } } });
    mock.expect('GET', '/api/v2/job_statuses/abc', {
      status: 200,
      json: { job_status: { id: 'abc', status: 'completed', total: 2, results: [{ id: 1, action: 'update', success: true, status: 'Updated' }, { id: 2, success: false, errors: 'Status: closed prevents ticket update' }] } },
    });
    const res = await backend.bulkUpdate!([
      { id: '1', changes: { status: 'solved', priority: 'low' }, comment: 'Done' },
      { id: '2', changes: { status: 'on-hold' } },
    ]);
    expect(mock.sent[0].body).toEqual({ tickets: [{ id: 1, status: 'solved', priority: 'low', comment: { body: 'Done', public: true } }, { id: 2, status: 'hold' }] });
    expect(res).toEqual([
      { id: '1', ok: true, error: null },
      { id: '2', ok: false, error: { code: 'conflict', message: 'Status: closed prevents ticket update' } },
    ]);
    expect(backend.capabilities).toMatchObject({ bulk: 'job', maxBulk: 100, idempotentCreate: true });
  });

  it('health reads the recorded current user, X-Rate-Limit headers and the server Date', async () => {
    const backend = zendesk();
    const [me] = recorded('zendesk', 'current-user.json');
    mock.expect('GET', '/api/v2/users/me', fromRecording(me, { 'x-rate-limit': '700', 'x-rate-limit-remaining': '42', date: 'Wed, 30 Dec 2015 01:45:30 GMT' }));
    const h = await backend.health();
    expect(mock.sent[0].headers.authorization).toBe(BASIC);
    expect(h).toMatchObject({ reachable: true, authenticated: true, user: { name: 'Sample User', email: 'user@example.com' }, rateLimit: { limit: 700, remaining: 42 }, serverDate: '2015-12-30T01:45:30.000Z' });
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('an OAuth token without a user is sent as Bearer; a 401 is an auth error (exit 4)', async () => {
    const backend = zendesk({ user: undefined, token: 'oauth-abc' });
    mock.expect('GET', '/api/v2/users/me', { status: 401, json: { error: "Couldn't authenticate you" } });
    await expect(backend.whoami()).rejects.toMatchObject({ code: 'auth', exitCode: 4 });
    expect(mock.sent[0].headers.authorization).toBe('Bearer oauth-abc');
  });
});

describe('Zendesk forms and fields', () => {
  it('maps recorded forms to categories; system fields are flags, not form fields', async () => {
    const backend = zendesk();
    mock.expect('GET', '/api/v2/ticket_forms', fromRecording(recorded('zendesk', 'ticket-forms-list.json')[0]));
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    const cats = await backend.listCategories();
    expect(cats.length).toBeGreaterThan(1);
    expect(cats[0]).toEqual({ id: '1106', name: 'Ticket Form-o', description: null, fields: [] });
  });

  it('an end user sees only end_user_visible forms; with none, one default category of portal fields', async () => {
    const backend = zendesk({ mode: 'end-user' });
    mock.expect('GET', '/api/v2/ticket_forms', fromRecording(recorded('zendesk', 'ticket-forms-list.json')[0]));
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    const cats = await backend.listCategories();
    // Every recorded custom field is hidden from the portal (visible_in_portal false).
    expect(cats).toEqual([{ id: 'default', name: 'Default', description: expect.any(String), fields: [] }]);
  });

  it('maps documented field types and end-user conditions (tagger names shown, tags sent)', async () => {
    const backend = zendesk({ mode: 'end-user' });
    const f = (id: number, type: string, title: string, extra: object = {}) => ({ id, type, title, title_in_portal: title, active: true, visible_in_portal: true, editable_in_portal: true, required_in_portal: false, ...extra });
    const ticketFields = [
      f(1, 'tagger', 'Product', { required_in_portal: true, custom_field_options: [{ id: 1, name: 'Mail', value: 'product_mail' }, { id: 2, name: 'Web', value: 'product_web' }] }),
      f(2, 'multiselect', 'Browsers', { custom_field_options: [{ id: 3, name: 'Firefox', value: 'ff' }] }),
      f(3, 'regexp', 'Order', { regexp_for_validation: '^[0-9]+$' }),
      f(4, 'decimal', 'Amount'),
      f(5, 'checkbox', 'Urgent'),
      f(6, 'date', 'Since'),
      f(7, 'textarea', 'Steps'),
      f(8, 'text', 'Agent only', { visible_in_portal: false }),
    ];
    const form = {
      id: 77, name: 'Support', end_user_visible: true, active: true, ticket_field_ids: [7, 2, 1, 3, 4, 5, 6, 8],
      end_user_conditions: [{ parent_field_id: 1, value: 'product_web', child_fields: [{ id: 2, is_required: true }] }],
    };
    mock.expect('GET', '/api/v2/ticket_forms', { status: 200, json: { ticket_forms: [form] } });
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: { ticket_fields: ticketFields, meta: { has_more: false }, links: { next: null } } });
    const [cat] = await backend.listCategories();
    expect(cat.fields.map((x) => [x.key, x.type, x.required, x.options, x.pattern, x.dependsOn])).toEqual([
      ['steps', 'textarea', false, null, null, null],
      ['product', 'select', true, ['Mail', 'Web'], null, null],
      ['browsers', 'multiselect', true, ['Firefox'], null, { field: 'product', values: ['Web'] }],
      ['order', 'text', false, null, '^[0-9]+$', null],
      ['amount', 'number', false, null, null, null],
      ['urgent', 'checkbox', false, null, null, null],
      ['since', 'date', false, null, null, null],
    ]);
  });
});

describe('Zendesk end user (Requests API) against recorded responses', () => {
  it('creates a request with the Idempotency-Key and reads it back', async () => {
    const backend = zendesk({ mode: 'end-user' });
    const [create] = recorded('zendesk', 'request-create.json');
    const [show] = recorded('zendesk', 'request-show.json');
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('POST', '/api/v2/requests', fromRecording(create));
    mock.expect('GET', '/api/v2/requests/8863', fromRecording(show));
    const t = await backend.createTicket(input({ subject: 'This is a question!', body: 'Haha, no.', type: null, tags: [], cc: ['x@example.com'], idempotencyKey: 'k9' }));
    expect(mock.sent[1].headers['idempotency-key']).toBe('k9');
    expect(mock.sent[1].body).toEqual({ request: { subject: 'This is a question!', comment: { body: 'Haha, no.' }, collaborators: ['x@example.com'] } });
    expect(t).toMatchObject({ id: '8863', url: `${ORIGIN}/hc/requests/8863`, status: 'new', priority: 'normal', type: null, tags: [] });
  });

  it('a recorded 406 CommentRequired is a validation error that says to add a comment', async () => {
    const backend = zendesk({ mode: 'end-user' });
    const [r] = recorded('zendesk', 'request-update-comment-required.json');
    mock.expect('PUT', '/api/v2/requests/8864', fromRecording(r));
    await expect(backend.updateTicket('8864', { status: 'solved' })).rejects.toMatchObject({ code: 'validation', hint: 'Add --comment TEXT.' });
    expect(mock.sent[0].body).toEqual({ request: { solved: true } });
  });

  it('lists recorded requests (offset pages) and refuses internal notes', async () => {
    const backend = zendesk({ mode: 'end-user' });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/requests', fromRecording(recorded('zendesk', 'requests-list.json')[0]));
    const list = await backend.listTickets({ limit: 1, sort: 'created' });
    expect(list).toEqual([expect.objectContaining({ id: '1', status: 'pending', priority: 'high', type: 'incident' })]);
    await expect(backend.reply('1', { body: 'x', attachments: [], public: false })).rejects.toMatchObject({ code: 'validation' });
  });
});
