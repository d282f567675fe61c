// Writes say what really happened, against Zendesk answers: a 200 that did not apply the solve, the
// recorded 406 for a bare solve, a 422 on a closed ticket — each reported as what Zendesk did.
import { describe, expect, it } from 'vitest';
import { createZendeskBackend } from '../../../../src/backends/zendesk/index.js';
import type { Profile } from '../../../../src/config/profile.js';
import type { Context } from '../../../../src/context/index.js';
import { closeOperation, updateOperation } from '../../../../src/operations/write.js';
import { NotAppliedError } from '../../../../src/errors.js';
import { backendContext } from '../../../helpers/context.js';
import { fromRecording, mockServer, recorded } from '../../../helpers/mock-server.js';

const ORIGIN = 'https://example.zendesk.com';
let mock: ReturnType<typeof mockServer>;

function zendesk(profile: Partial<Profile> = {}) {
  mock = mockServer(ORIGIN);
  return createZendeskBackend(
    backendContext({ backend: 'zendesk', url: ORIGIN, user: 'user@example.com', token: 's3cret', ...profile }, { dispatcher: mock.agent }),
    { sleep: async () => undefined },
  );
}

const fields = () => fromRecording(recorded('zendesk', 'ticket-fields-list.json')[0]);
/** The recorded request 8863: status new, can_be_solved_by_me false. */
const request = () => recorded('zendesk', 'request-show.json')[0].response.json as { request: Record<string, unknown> };
// Nothing in these flows touches the context unless the backend is unreachable.
const ctx = {} as Context;

describe('Zendesk end user: a solve Zendesk refused', () => {
  it('close --comment is one PUT carrying the comment and the solve; a 200 still "new" is not-applied (exit 6)', async () => {
    const backend = zendesk({ mode: 'end-user' });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/requests/8863', { status: 200, json: request() });
    mock.expect('PUT', '/api/v2/requests/8863', { status: 200, json: request() });
    mock.expect('GET', '/api/v2/requests/8863/comments', {
      status: 200,
      json: { comments: [{ id: 77, author_id: 20014182, body: 'Works now, thanks', public: true, created_at: '2015-12-30T01:40:00Z' }], next_page: null },
    });
    mock.expect('GET', '/api/v2/requests/8863', { status: 200, json: request() });
    const err = await closeOperation(ctx, backend, '8863', { status: 'solved', comment: 'Works now, thanks' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAppliedError);
    expect(err).toMatchObject({ exitCode: 6, code: 'not-applied', ticket: { id: '8863', status: 'new' } });
    expect((err as Error).message).toMatch(/status: asked for solved, it is new/);
    expect((err as NotAppliedError).hint).toMatch(/did not let this account solve/);
    const puts = mock.sent.filter((s) => s.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].body).toEqual({ request: { comment: { body: 'Works now, thanks' }, solved: true } });
  });

  it('a bare solve answered 406 CommentRequired is exit 2 that says to add a comment; nothing changed', async () => {
    const backend = zendesk({ mode: 'end-user' });
    const [r] = recorded('zendesk', 'request-update-comment-required.json');
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('GET', '/api/v2/requests/8864', { status: 200, json: { request: { ...request().request, id: 8864 } } });
    mock.expect('PUT', '/api/v2/requests/8864', fromRecording(r));
    const err = await closeOperation(ctx, backend, '8864', { status: 'solved' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2, code: 'validation', hint: 'Add --comment TEXT.' });
  });

  it('an end user may set no status but solved: refused before anything is sent', async () => {
    const backend = zendesk({ mode: 'end-user' });
    const err = await updateOperation(backend, '8863', { changes: { status: 'pending' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2 });
    expect((err as Error).message).toMatch(/no status "pending"/);
    expect(mock.sent).toHaveLength(0);
  });
});

describe('Zendesk agent: refusals are reported as what happened', () => {
  const ticket = (status: string) => ({
    ticket: { id: 35436, subject: 'Help', status, priority: 'normal', type: 'incident', requester_id: 1, tags: [], custom_fields: [], created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-21T10:00:00+01:00' },
    users: [{ id: 1, name: 'Jane', email: 'jane@example.com' }],
  });

  it('update --status on a closed ticket: the 422 is not-applied (exit 6) with the ticket as it is', async () => {
    const backend = zendesk();
    mock.expect('GET', '/api/v2/custom_statuses', { status: 404, json: { error: 'InvalidEndpoint' } });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('PUT', '/api/v2/tickets/35436', { status: 422, json: { error: 'RecordInvalid', description: 'Record validation errors', details: { status: [{ description: 'Status: closed prevents ticket update' }] } } });
    mock.expect('GET', '/api/v2/tickets/35436', { status: 200, json: ticket('closed') });
    const err = await updateOperation(backend, '35436', { changes: { status: 'open' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAppliedError);
    expect(err).toMatchObject({ exitCode: 6, ticket: { id: '35436', status: 'closed', updatedAt: '2026-11-21T09:00:00Z' } });
  });

  it('a status Zendesk kept (answered 200, read back unchanged) is not-applied', async () => {
    const backend = zendesk();
    mock.expect('GET', '/api/v2/custom_statuses', { status: 200, json: { custom_statuses: [{ id: 9, status_category: 'hold', agent_label: 'Waiting on vendor', active: true, default: true }] } });
    mock.expect('GET', '/api/v2/ticket_fields', fields());
    mock.expect('PUT', '/api/v2/tickets/35436', { status: 200, json: ticket('open') });
    mock.expect('GET', '/api/v2/tickets/35436', { status: 200, json: ticket('open') });
    const err = await updateOperation(backend, '35436', { changes: { status: 'on-hold' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 6, ticket: { status: 'open' } });
    const caps = await backend.writeCapabilities!();
    expect(caps.statuses).toContainEqual({ status: 'on-hold', backendStatus: 'Waiting on vendor' });
    expect(caps.statuses.map((s) => s.status)).not.toContain('new');
  });
});
