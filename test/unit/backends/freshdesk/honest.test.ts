// Writes say what really happened, against Freshdesk answers, and the mapping of documented fields
// (attachment size or file_size, "Name <email>" senders, search results newest first, UTC times).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFreshdeskBackend } from '../../../../src/backends/freshdesk/index.js';
import type { Context } from '../../../../src/context/index.js';
import { closeOperation, updateOperation } from '../../../../src/operations/write.js';
import { NotAppliedError } from '../../../../src/errors.js';
import { backendContext } from '../../../helpers/context.js';
import { mockServer } from '../../../helpers/mock-server.js';

const ORIGIN = 'https://example.freshdesk.com';
const DOC = JSON.parse(readFileSync(new URL('../../../fixtures/freshdesk/documented.json', import.meta.url), 'utf8'));
const FIELDS = JSON.parse(readFileSync(new URL('../../../fixtures/freshdesk/fake-data.json', import.meta.url), 'utf8')).ticket_fields;
let mock: ReturnType<typeof mockServer>;
const ctx = {} as Context;

function freshdesk() {
  mock = mockServer(ORIGIN);
  return createFreshdeskBackend(backendContext({ backend: 'freshdesk', url: `${ORIGIN}/`, token: 'APIKEY' }, { dispatcher: mock.agent }), { sleep: async () => undefined });
}

const withStatus = (status: number) => ({ ...DOC.ticket_with_requester, status });

describe('Freshdesk: a change the server did not make', () => {
  it('close --status closed answered with status 4 (and a read-back of 4) is not-applied, never "closed"', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/tickets/20', { status: 200, json: withStatus(2) });
    mock.expect('PUT', '/api/v2/tickets/20', { status: 200, json: { ...DOC.ticket, id: 20, status: 4 } });
    mock.expect('GET', '/api/v2/tickets/20', { status: 200, json: withStatus(4) });
    const err = await closeOperation(ctx, backend, '20', { status: 'closed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAppliedError);
    expect(err).toMatchObject({ exitCode: 6, ticket: { id: '20', status: 'solved', backendStatus: 'Resolved' } });
    expect(mock.sent.find((s) => s.method === 'PUT')!.body).toEqual({ status: 5 });
  });

  it('Freshdesk has no "new" status: refused before sending, naming what it can set', async () => {
    const backend = freshdesk();
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    const err = await updateOperation(backend, '1', { changes: { status: 'new' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2 });
    expect((err as Error & { hint: string }).hint).toMatch(/open .*pending .*solved .*closed/);
    expect(mock.sent.filter((s) => s.method !== 'GET')).toHaveLength(0);
  });
});

describe('Freshdesk mapping of documented payloads', () => {
  it('attachments keep their size (size, or file_size), senders "Name <email>" are split, times are UTC Z', async () => {
    const backend = freshdesk();
    const conv = [
      { ...DOC.conversations[0], from_email: 'Rachel <rachel@freshdesk.com>', created_at: '2026-11-20T12:00:00+01:00', attachments: [{ id: 5, name: 'error.png', content_type: 'image/png', file_size: 2048, attachment_url: 'https://x/5' }] },
    ];
    mock.expect('GET', '/api/v2/ticket_fields', { status: 200, json: FIELDS });
    mock.expect('GET', '/api/v2/tickets/20', { status: 200, json: { ...DOC.ticket_with_requester, attachments: [{ id: 6, name: 'log.txt', size: 99, attachment_url: 'https://x/6' }] } });
    mock.expect('GET', '/api/v2/tickets/20/conversations', { status: 200, json: conv });
    const t = await backend.getTicket('20', { comments: true });
    expect(t.comments![0].attachments).toEqual([{ name: 'log.txt', size: 99, url: 'https://x/6' }]);
    expect(t.comments![1]).toMatchObject({ author: { name: 'Rachel', email: 'rachel@freshdesk.com' }, createdAt: '2026-11-20T11:00:00Z', attachments: [{ name: 'error.png', size: 2048, url: 'https://x/5' }] });
  });

  it('--query results come newest first whatever order the search answers in', async () => {
    const backend = freshdesk();
    const mk = (id: number, created: string) => ({ ...DOC.ticket, id, created_at: created, updated_at: created });
    mock.expect('GET', '/api/v2/search/tickets', { status: 200, json: { results: [mk(1, '2026-01-01T00:00:00Z'), mk(3, '2026-03-01T00:00:00Z'), mk(2, '2026-02-01T00:00:00Z')], total: 3 } });
    const list = await backend.listTickets({ query: 'priority:3', limit: 0, sort: 'created' });
    expect(list.map((t) => t.id)).toEqual(['3', '2', '1']);
  });
});
