// Writes say what really happened: each write command against a backend that does something other
// than what was asked (keeps a status, maps it elsewhere, drops a field) exits 6 with the ticket as it
// now is; what the backend cannot represent is refused before anything is sent (exit 2).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import type { WriteCapabilities } from '../../../src/backends/backend.js';
import type { ReplyInput, Status, TicketChanges } from '../../../src/model.js';

/** A backend like RT: no distinct pending/closed — it stores on-hold for pending, solved for closed. */
class MappingBackend extends MemoryBackend {
  mapTo: Partial<Record<Status, Status>> = { pending: 'on-hold', closed: 'solved' };
  dropFields = new Set<string>();
  declared: Status[] | null = null;
  override async updateTicket(id: string, changes: TicketChanges) {
    const c = { ...changes };
    if (c.status) c.status = this.mapTo[c.status] ?? c.status;
    if (c.fields) c.fields = Object.fromEntries(Object.entries(c.fields).filter(([k]) => !this.dropFields.has(k)));
    return super.updateTicket(id, c);
  }
  override async reply(id: string, input: ReplyInput) {
    return super.reply(id, { ...input, ...(input.status ? { status: this.mapTo[input.status] ?? input.status } : {}) });
  }
  async writeCapabilities(): Promise<WriteCapabilities> {
    const all: Status[] = this.declared ?? ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'];
    return { statuses: all.map((s) => ({ status: s, backendStatus: s })), types: [], cc: true, internalNotes: true, reopenWindowDays: null, solve: 'always' };
  }
}

function backend() {
  const b = new MappingBackend();
  b.seed({ status: 'open', category: 'DMS', fields: { site: 'Lyon' } });
  return b;
}

function jsonError(stderr: string) {
  return JSON.parse(stderr.trim().split('\n').at(-1)!) as { error: { code: string; message: string }; ticket: { id: string; status: string } };
}

describe('honest writes', () => {
  it('update --status that the backend maps elsewhere: exit 6, the JSON error carries the ticket as it is, nothing on stdout', async () => {
    const r = await runCli(['update', '1', '--status', 'pending', '--json'], { backend: backend() });
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    const e = jsonError(r.stderr);
    expect(e.error.code).toBe('not-applied');
    expect(e.error.message).toMatch(/status: asked for pending, it is on-hold/);
    expect(e.ticket).toMatchObject({ id: '1', status: 'on-hold' });
  });

  it('close --status closed that becomes solved: exit 6, never "closed"', async () => {
    const r = await runCli(['close', '1', '--status', 'closed', '--json'], { backend: backend() });
    expect(r.code).toBe(6);
    expect(r.stdout).not.toMatch(/"action":"closed"/);
    expect(jsonError(r.stderr).ticket.status).toBe('solved');
    const text = await runCli(['close', '1', '--status', 'closed'], { backend: backend() });
    expect(text.code).toBe(6);
    expect(text.stderr).toMatch(/did not apply/);
  });

  it('close --comment is one write carrying both the comment and the status', async () => {
    const b = backend();
    const r = await runCli(['close', '1', '-m', 'Fixed by the update', '--json'], { backend: b });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: '1', status: 'solved', action: 'closed' });
    expect(b.writes()).toEqual(['reply']);
    expect(b.calls.find((c) => c.method === 'reply')!.args[1]).toMatchObject({ body: 'Fixed by the update', status: 'solved' });
  });

  it('a field the backend dropped: exit 6 naming the field', async () => {
    const b = backend();
    b.dropFields.add('site');
    const r = await runCli(['update', '1', '-f', 'site=Paris', '--json'], { backend: b });
    expect(r.code).toBe(6);
    expect(jsonError(r.stderr).error.message).toMatch(/fields\.site: asked for Paris, it is Lyon/);
  });

  it('a status the backend cannot set is refused before sending (exit 2) naming what it can set', async () => {
    const b = backend();
    b.declared = ['new', 'open', 'on-hold', 'solved'];
    const r = await runCli(['update', '1', '--status', 'pending'], { backend: b });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no status "pending"/);
    expect(r.stderr).toMatch(/new, open, on-hold, solved/);
    expect(b.writes()).toEqual([]);
    const c = await runCli(['close', '1', '--status', 'closed'], { backend: b });
    expect(c.code).toBe(2);
    expect(b.writes()).toEqual([]);
  });

  it('what was applied exits 0 and prints the resulting state', async () => {
    const b = backend();
    const r = await runCli(['update', '1', '--status', 'on-hold', '--json'], { backend: b });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'on-hold', action: 'updated' });
  });
});
