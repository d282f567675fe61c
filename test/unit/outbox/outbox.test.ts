import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FakeBackend } from '../../helpers/fault-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { submitCreate, submitReply } from '../../../src/operations/submit.js';
import { sendOutbox, type SendLine } from '../../../src/outbox/send.js';
import { list } from '../../../src/outbox/store.js';
import { QueuedError, ValidationError } from '../../../src/errors.js';
import type { CreateInput } from '../../../src/model.js';

const TOKEN = 'tk_live_5ecr3t_abcdef123456';

function input(extra: Partial<CreateInput> = {}): CreateInput {
  return {
    category: 'IT',
    subject: 'Printer on fire',
    body: `It burns. (my token is ${TOKEN} oops)`,
    priority: 'normal',
    type: 'incident',
    fields: {},
    attachments: [],
    cc: [],
    tags: [],
    ...extra,
  };
}

async function send(ctx: ReturnType<typeof fakeContext>, b: FakeBackend, extra: { force?: boolean; ids?: string[] } = {}) {
  const lines: SendLine[] = [];
  const summary = await sendOutbox(ctx, b, { profileName: null, onLine: (l) => lines.push(l), ...extra });
  return { lines, summary };
}

describe('queuing when the backend cannot be reached', () => {
  it('saves the create (0600, key, no secrets) and exits 7; urgent tickets name the emergency contact', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b, { profile: { token: TOKEN, emergencyContact: '+33 1 23 45 67 89' } });
    const err = await submitCreate(ctx, b, input({ priority: 'urgent' })).catch((e) => e);
    expect(err).toBeInstanceOf(QueuedError);
    expect(err.exitCode).toBe(7);
    expect(err.message).toContain('+33 1 23 45 67 89');
    expect(err.hint).toContain('ticket outbox send');
    const { items } = list(ctx.paths.state);
    expect(items).toHaveLength(1);
    expect(err.data.outboxId).toBe(items[0]!.id);
    expect(items[0]!.maybeSent).toBe(false);
    expect(items[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const file = join(ctx.paths.state, 'outbox', `${items[0]!.id}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    // Delivered later, once.
    const { lines } = await send(ctx, b);
    expect(lines).toMatchObject([{ ok: true, action: 'created' }]);
    expect(b.tickets.size).toBe(1);
    expect(list(ctx.paths.state).items).toHaveLength(0);
  });

  it('looks the ticket up before queuing when the connection broke after sending', async () => {
    const b = new FakeBackend({ lookup: true });
    b.faults.push({ op: 'create', when: 'after' });
    const ctx = fakeContext(b);
    const r = await submitCreate(ctx, b, input());
    expect(r.action).toBe('created');
    expect(b.tickets.size).toBe(1);
    expect(list(ctx.paths.state).items).toHaveLength(0);
  });

  it('reconciles a possibly-received create by its idempotency key instead of re-sending it', async () => {
    const b = new FakeBackend({ lookup: true });
    b.faults.push({ op: 'create', when: 'after' }, { op: 'find', when: 'before' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input())).rejects.toBeInstanceOf(QueuedError);
    expect(list(ctx.paths.state).items[0]!.maybeSent).toBe(true);
    const { lines } = await send(ctx, b);
    expect(lines).toMatchObject([{ ok: true, reconciled: true, ticket: '1' }]);
    expect(b.tickets.size).toBe(1);
    expect(b.count('create')).toBe(1);
  });

  it('re-sends a possibly-received create only with the same key on a backend with idempotent creates', async () => {
    const b = new FakeBackend({ idempotentCreate: true });
    b.faults.push({ op: 'create', when: 'after' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input({ dedupeKey: 'dk-1' }))).rejects.toBeInstanceOf(QueuedError);
    const { lines } = await send(ctx, b);
    expect(lines).toMatchObject([{ ok: true, action: 'created', ticket: '1' }]);
    expect(b.tickets.size).toBe(1);
    expect(b.tickets.get('1')!.comments).toHaveLength(1); // not commented on itself via the dedupe key
  });

  it('never blindly re-sends a create whose outcome is unknown on a backend that cannot tell', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'after' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input())).rejects.toBeInstanceOf(QueuedError);
    const first = await send(ctx, b);
    expect(first.lines[0]).toMatchObject({ ok: false, error: { code: 'unknown_outcome' } });
    expect(b.count('create')).toBe(1);
    const forced = await send(ctx, b, { force: true });
    expect(forced.lines[0]).toMatchObject({ ok: true });
    expect(b.count('create')).toBe(2);
  });

  it('a sender that loses the connection after the backend applied the create resolves it next time', async () => {
    const b = new FakeBackend({ lookup: true });
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input())).rejects.toBeInstanceOf(QueuedError);
    b.faults.push({ op: 'create', when: 'after' });
    const r1 = await send(ctx, b);
    expect(r1.summary.stoppedBy).not.toBeNull();
    expect(list(ctx.paths.state).items[0]).toMatchObject({ state: 'pending', maybeSent: true });
    const r2 = await send(ctx, b);
    expect(r2.lines).toMatchObject([{ ok: true, reconciled: true }]);
    expect(b.count('create')).toBe(1); // the attempt that broke after applying; nothing re-sent after
    expect(b.tickets.size).toBe(1);
  });

  it('delivers a queued reply exactly once, even when the first send broke after it was applied', async () => {
    const b = new FakeBackend();
    const [id] = b.seed(1);
    b.faults.push({ op: 'reply', when: 'before' });
    const ctx = fakeContext(b);
    await expect(submitReply(ctx, b, id!, { body: 'any news?', attachments: [], public: true })).rejects.toBeInstanceOf(QueuedError);
    b.faults.push({ op: 'reply', when: 'after' });
    await send(ctx, b);
    const { lines } = await send(ctx, b);
    expect(lines).toMatchObject([{ ok: true, action: 'replied', reconciled: true }]);
    expect(b.tickets.get(id!)!.comments.filter((c) => c.body === 'any news?')).toHaveLength(1);
  });

  it('keeps a copy of the attachments, so the item survives the original being deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'att-'));
    const path = join(dir, 'shot.png');
    writeFileSync(path, 'PNGDATA');
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input({ attachments: [{ path, name: 'shot.png', size: 7, contentType: 'image/png' }] }))).rejects.toBeInstanceOf(QueuedError);
    rmSync(dir, { recursive: true });
    const item = list(ctx.paths.state).items[0]!;
    const copy = item.create!.attachments[0]!.path;
    expect(copy.startsWith(join(ctx.paths.state, 'outbox'))).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe('PNGDATA');
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    await send(ctx, b);
    const created = b.calls.find((c) => c.op === 'create' && (c.args as CreateInput).attachments.length)!;
    expect((created.args as CreateInput).attachments[0]!.path).toBe(copy);
    expect(existsSync(copy)).toBe(false); // cleaned up once delivered
  });

  it('two senders at once deliver each item once', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before', times: 5 });
    const ctx = fakeContext(b);
    for (let i = 0; i < 5; i++) await expect(submitCreate(ctx, b, input({ subject: `s${i}` }))).rejects.toBeInstanceOf(QueuedError);
    const [a, c] = await Promise.all([send(ctx, b), send(ctx, b)]);
    expect(a.summary.sent + c.summary.sent).toBe(5);
    expect(b.tickets.size).toBe(5);
  });

  it('marks an item the backend refuses as dead and leaves it for the user', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b);
    await expect(submitCreate(ctx, b, input())).rejects.toBeInstanceOf(QueuedError);
    b.createTicket = async () => {
      throw new ValidationError('subject too long');
    };
    const { summary, lines } = await send(ctx, b);
    expect(summary.failed).toBe(1);
    expect(lines[0]).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(list(ctx.paths.state).items[0]!.state).toBe('dead');
    expect(readdirSync(join(ctx.paths.state, 'outbox')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });
});
