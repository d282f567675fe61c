// 50 runs of the built binary's `outbox send`, each killed with SIGKILL at a random moment, against
// the local backend: every queued create and reply ends up delivered exactly once.
// Needs `npm run build` (npm test does it).
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { BIN, ticket } from '../helpers/bin.js';
import { tempHome } from '../helpers/run-cli.js';
import { enqueue, list, newOutboxId } from '../../src/outbox/store.js';
import { join } from 'node:path';

const SEED = Number(process.env.KILL_SEED ?? 5150);

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

describe('outbox send killed with SIGKILL', () => {
  it('50 kills at random moments: 0 duplicates, 0 lost', async () => {
    console.log(`kill seed: ${SEED}`);
    const rand = prng(SEED);
    const home = tempHome('ticket-kill-');
    const env = { TICKET_HOME: home };
    const first = await ticket(['create', '-c', 'IT', '-s', 'reply target', '-b', 'target', '--json'], { home });
    expect(first.exitCode).toBe(0);
    const target = JSON.parse(first.stdout).id as string;
    const state = join(home, 'state');
    const creates: string[] = [];
    const replies: string[] = [];
    let n = 0;
    const refill = () => {
      for (let i = 0; i < 9; i++) {
        const k = n++;
        const now = new Date();
        const base = { id: newOutboxId(now), state: 'pending' as const, createdAt: now.toISOString(), attempts: 1, profile: null, backend: 'local' as const, maybeSent: false, origin: 'test', idempotencyKey: randomUUID() };
        if (i % 3 === 2) {
          const body = `kill-reply-${k}`;
          replies.push(body);
          enqueue(state, { ...base, kind: 'reply', reply: { ticketId: target, input: { body, attachments: [], public: true } } });
        } else {
          const subject = `kill-create-${k}`;
          creates.push(subject);
          enqueue(state, {
            ...base,
            kind: 'create',
            create: { category: 'IT', subject, body: `body ${k}`, priority: 'normal', type: 'incident', fields: {}, attachments: [], cc: [], tags: [], idempotencyKey: base.idempotencyKey },
          });
        }
      }
    };
    let killedMidway = 0;
    let sendingSeen = 0;
    for (let run = 0; run < 50; run++) {
      if (list(state).items.length < 4) refill();
      sendingSeen += list(state).items.filter((i) => i.state === 'sending').length;
      const child = execa('node', [BIN, 'outbox', 'send', '--json'], { reject: false, extendEnv: false, env: { PATH: process.env.PATH, HOME: home, ...env }, input: '' });
      // A send takes ~100–250 ms (node start-up included): most kills land before or during it.
      const delay = 30 + Math.floor(rand() * 300);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const r = await child;
      clearTimeout(timer);
      if (r.signal === 'SIGKILL') killedMidway++;
    }
    // Then let it finish.
    for (let i = 0; i < 3 && list(state).items.length; i++) {
      const r = await ticket(['outbox', 'send', '--json'], { home, timeout: 60_000 });
      expect([0]).toContain(r.exitCode);
    }
    expect(list(state).items).toEqual([]);
    const all = JSON.parse((await ticket(['list', '--json', '--limit', '0'], { home })).stdout) as { subject: string }[];
    const count = new Map<string, number>();
    for (const t of all) count.set(t.subject, (count.get(t.subject) ?? 0) + 1);
    const duplicates = creates.filter((s) => (count.get(s) ?? 0) > 1);
    const lost = creates.filter((s) => !count.has(s));
    const shown = JSON.parse((await ticket(['show', target, '--json'], { home })).stdout) as { comments: { body: string }[] };
    const bodies = shown.comments.map((c) => c.body.trim());
    const replyDup = replies.filter((b) => bodies.filter((x) => x === b).length > 1);
    const replyLost = replies.filter((b) => !bodies.includes(b));
    console.log(`kill test: ${killedMidway} of 50 runs killed, ${sendingSeen} items found in state sending, ${creates.length} creates, ${replies.length} replies`);
    expect(killedMidway).toBeGreaterThan(10);
    expect({ duplicates, lost, replyDup, replyLost }).toEqual({ duplicates: [], lost: [], replyDup: [], replyLost: [] });
  }, 240_000);
});
