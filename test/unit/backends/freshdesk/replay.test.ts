// The Freshdesk adapter against documented Freshdesk API v2 payloads (test/fixtures/freshdesk/
// documented.json) through undici's MockAgent: the requests sent and how the answers are read.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFreshdeskBackend } from '../../../../src/backends/freshdesk/index.js';
import type { Profile } from '../../../../src/config/profile.js';
import { backendContext } from '../../../helpers/context.js';
import { mockServer } from '../../../helpers/mock-server.js';

const ORIGIN = 'https://example.freshdesk.com';
const DOC = JSON.parse(readFileSync(new URL('../../../fixtures/freshdesk/documented.json', import.meta.url), 'utf8'));
const FIELDS = JSON.parse(readFileSync(new URL('../../../fixtures/freshdesk/fake-data.json', import.meta.url), 'utf8')).ticket_fields;
const BASIC = 'Basic ' + Buffer.from('APIKEY:X').toString('base64');
let mock: ReturnType<typeof mockServer>;

function freshdesk(profile: Partial<Profile> = {}) {
  mock = mockServer(ORIGIN);
  return createFreshdeskBackend(backendContext({ backend: 'freshdesk', url: `${ORIGIN}/`, token: 'APIKEY', ...profile }, { dispatcher: mock.agent }), { sleep: async () => undefined });
}

describe('Freshdesk against documented payloads', () => {
  it('creates with JSON (no attachment): API key as Basic user, HTML description, cf_ fields, idempotency tag; no key header', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/admin/ticket_fields/3', { status: 403, json: { code: 'access_denied', message: 'You are not authorized to perform this action.' } });
    mock.expect('POST', '/api/v2/tickets', { status: 201, json: DOC.ticket });
    const t = await backend.createTicket({
      category: 'Question', subject: 'Support Needed...', body: 'a < b\nsecond line', priority: 'high', type: null,
      fields: { site: 'Lyon' }, attachments: [], cc: ['user@cc.com'], tags: ['x'], requester: { name: 'Rachel', email: 'rachel@freshdesk.com' }, idempotencyKey: 'idem-1',
    });
    const post = mock.sent[2];
    expect(post.headers.authorization).toBe(BASIC);
    expect(post.headers['idempotency-key']).toBeUndefined();
    expect(post.body).toEqual({
      subject: 'Support Needed...', description: 'a &lt; b<br>second line', status: 2, priority: 3, email: 'rachel@freshdesk.com', name: 'Rachel',
      type: 'Question', custom_fields: { cf_site: 'Lyon' }, cc_emails: ['user@cc.com'], tags: ['x', expect.stringMatching(/^idem_[0-9a-f]{24}$/)],
    });
    expect(t).toMatchObject({ id: '1', url: `${ORIGIN}/helpdesk/tickets/1`, status: 'open', backendStatus: 'Open', priority: 'low', type: 'question', category: 'Question', fields: { category: 'Primary' }, requester: { email: 'rachel@freshdesk.com' } });
  });

  it('without the section definitions (403 on the admin API) section fields show everywhere but are not required', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/admin/ticket_fields/3', { status: 403, json: { code: 'access_denied' } });
    const q = await backend.getCategory('question');
    expect(q.fields.filter((f) => ['site', 'document_number'].includes(f.key)).map((f) => [f.key, f.required])).toEqual([['site', false], ['document_number', false]]);
    expect(mock.sent[1].query.get('include')).toBe('section');
  });

  it('maps a custom status (≥ 6) to on-hold with its label, and reads typed custom fields', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/tickets/20', { status: 200, json: DOC.ticket_with_requester });
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/tickets/20/conversations', { status: 200, json: DOC.conversations });
    const t = await backend.getTicket('20', { comments: true });
    expect(mock.sent[0].query.get('include')).toBe('requester');
    expect(t).toMatchObject({ status: 'on-hold', backendStatus: 'Waiting on third party', priority: 'urgent', type: 'incident', fields: { site: 'Lyon', urgent: true, count: 3 } });
    expect(t.comments!.map((c) => [c.id, c.body, c.public, c.author.email, c.attachments.map((a) => a.name)])).toEqual([
      ['20-description', '', true, 'rachel@freshdesk.com', []],
      ['3', 'Please reply as soon as possible.', true, 'rachel@freshdesk.com', ['error.png']],
      ['4', 'We are checking.', false, null, []],
    ]);
  });

  it('lists with updated_since (Freshdesk hides older than 30 days otherwise) and follows the Link header', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/tickets', { status: 200, json: [DOC.ticket_with_requester], headers: { link: `<${ORIGIN}/api/v2/tickets?page=2&per_page=100>; rel="next"` } });
    mock.expect('GET', '/api/v2/tickets', { status: 200, json: [{ ...DOC.ticket, requester: { name: 'A', email: 'a@x.com' } }] });
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    const list = await backend.listTickets({ limit: 0, sort: 'updated', requester: 'rachel@freshdesk.com' });
    const q = mock.sent[0].query;
    expect(Object.fromEntries(q)).toEqual({ per_page: '100', order_by: 'updated_at', order_type: 'desc', include: 'requester', email: 'rachel@freshdesk.com', updated_since: '1970-01-01T00:00:00Z' });
    expect(mock.sent[1].query.get('page')).toBe('2');
    expect(list.map((t) => t.id)).toEqual(['20', '1']);
  });

  it('--query goes to /search/tickets in double quotes', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/search/tickets', { status: 200, json: { total: 1, results: [DOC.ticket] } });
    const list = await backend.listTickets({ limit: 0, sort: 'created', query: "priority:>2 AND status:2" });
    expect(mock.sent[0].query.get('query')).toBe('"priority:>2 AND status:2"');
    expect(list).toHaveLength(1);
  });

  it('a documented 400 is a validation error (exit 2); 401 is an auth error (exit 4)', async () => {
    const backend = freshdesk();
    mock.expect('PUT', '/api/v2/tickets/1', { status: 400, json: DOC.validation_error });
    mock.expect('GET', '/api/v2/agents/me', { status: 401, json: DOC.auth_error });
    await expect(backend.updateTicket('1', { priority: 'low' })).rejects.toMatchObject({ code: 'validation', exitCode: 2, message: 'Updating Freshdesk ticket 1: Freshdesk refused it — email: It should be a valid email address.' });
    await expect(backend.whoami()).rejects.toMatchObject({ code: 'auth', exitCode: 4 });
  });

  it('bulk_update: one request per distinct change, then GET /jobs/{id}', async () => {
    const backend = freshdesk();
    mock.expect('POST', '/api/v2/tickets/bulk_update', { status: 202, json: DOC.bulk_update });
    mock.expect('GET', `/api/v2/jobs/${DOC.bulk_update.job_id}`, { status: 200, json: { id: DOC.bulk_update.job_id, status: 'IN PROGRESS' } });
    mock.expect('GET', `/api/v2/jobs/${DOC.bulk_update.job_id}`, { status: 200, json: { id: DOC.bulk_update.job_id, status: 'SUCCESS', data: [{ id: 20, success: true }, { id: 21, success: false, error: 'Ticket is archived' }] } });
    const res = await backend.bulkUpdate!([{ id: '20', changes: { status: 'closed' }, comment: 'Bye' }, { id: '21', changes: { status: 'closed' }, comment: 'Bye' }]);
    expect(mock.sent[0].body).toEqual({ bulk_action: { ids: [20, 21], properties: { status: 5 }, reply: { body: 'Bye' } } });
    expect(res).toEqual([{ id: '20', ok: true, error: null }, { id: '21', ok: false, error: { code: 'validation', message: 'Ticket is archived' } }]);
  });

  it('health: agents/me, X-RateLimit-Total/Remaining, server Date', async () => {
    const backend = freshdesk({ token: undefined, user: 'APIKEY' });
    mock.expect('GET', '/api/v2/agents/me', { status: 200, json: DOC.agent_me, headers: { 'x-ratelimit-total': '700', 'x-ratelimit-remaining': '698', 'x-ratelimit-used-currentrequest': '1', date: 'Mon, 23 Nov 2026 12:00:00 GMT' } });
    expect(await backend.health()).toMatchObject({ reachable: true, authenticated: true, user: { name: 'Super Man', email: 'superman@freshdesk.com' }, rateLimit: { limit: 700, remaining: 698 }, serverDate: '2026-11-23T12:00:00.000Z' });
    expect(mock.sent[0].headers.authorization).toBe(BASIC);
  });

  it('solutions search: published only, HTML rendered as text', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/search/solutions', { status: 200, json: DOC.solutions_search });
    const hits = await backend.searchKb('reset printer', { limit: 10 });
    expect(mock.sent[0].query.get('term')).toBe('reset printer');
    expect(hits).toEqual([{ id: '1', title: 'How to reset the printer', snippet: 'Turn it off and on.', url: `${ORIGIN}/support/solutions/articles/1`, locale: null, score: 1 }]);
  });

  it('a categoryField profile takes categories from that custom dropdown and sends --type as the Freshdesk type', async () => {
    const backend = freshdesk({ categoryField: 'site' });
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/agents/me', { status: 200, json: DOC.agent_me });
    mock.expect('POST', '/api/v2/tickets', { status: 201, json: { ...DOC.ticket, type: 'Incident', custom_fields: { cf_site: 'Paris' } } });
    const t = await backend.createTicket({ category: 'Paris', subject: 's', body: 'b', priority: 'normal', type: 'incident', fields: {}, attachments: [], cc: [], tags: [] });
    expect(mock.sent[2].body).toMatchObject({ email: 'superman@freshdesk.com', type: 'Incident', custom_fields: { cf_site: 'Paris' } });
    expect(t).toMatchObject({ category: 'Paris', type: 'incident' });
  });
});
