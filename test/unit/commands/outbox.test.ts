// `ticket outbox list|send|drop` through the CLI (in-process, local backend).
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { enqueue, list, newOutboxId } from '../../../src/outbox/store.js';

function queue(home: string, subject: string, priority: 'normal' | 'urgent' = 'normal') {
  const now = new Date();
  const key = randomUUID();
  return enqueue(join(home, 'state'), {
    id: newOutboxId(now),
    kind: 'create',
    state: 'pending',
    createdAt: now.toISOString(),
    attempts: 1,
    profile: null,
    backend: 'local',
    maybeSent: false,
    idempotencyKey: key,
    origin: 'create',
    create: { category: 'IT', subject, body: 'b', priority, type: 'incident', fields: {}, attachments: [], cc: [], tags: [], idempotencyKey: key },
  });
}

describe('ticket outbox (CLI)', () => {
  it('lists, drops and sends, with JSON output', async () => {
    const home = tempHome('ticket-outbox-cli-');
    const a = queue(home, 'first');
    const b = queue(home, 'second');
    const listed = await runCli(['outbox', 'list', '--json'], { home });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((i: { subject: string }) => i.subject)).toEqual(['first', 'second']);

    const dropped = await runCli(['outbox', 'drop', a.id, '--json'], { home });
    expect(dropped.code).toBe(0);
    expect(JSON.parse(dropped.stdout)).toEqual({ id: a.id, ok: true, action: 'dropped' });
    expect((await runCli(['outbox', 'drop', 'ob-nope'], { home })).code).toBe(3);

    const sent = await runCli(['outbox', 'send', '--json'], { home });
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout.trim())).toMatchObject({ id: b.id, ok: true, action: 'created' });
    expect(sent.stderr).toMatch(/1 sent, 0 failed, 0 waiting/);
    expect(list(join(home, 'state')).items).toEqual([]);
    const tickets = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as { subject: string }[];
    expect(tickets.map((t) => t.subject)).toEqual(['second']);

    const empty = await runCli(['outbox', 'list'], { home });
    expect(empty.stdout).toMatch(/empty/);
  });
});
