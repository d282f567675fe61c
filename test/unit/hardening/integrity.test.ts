// Integrity under hostile configuration and a hostile environment: field patterns that backtrack,
// prototype keys, full/read-only disks, and a create killed after the server accepted it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkValue, validateFields } from '../../../src/forms/validate.js';
import type { Category, CreateInput, Field, Ticket } from '../../../src/model.js';
import { ConfigError } from '../../../src/errors.js';
import { fsEnvironmentError } from '../../../src/store/atomic.js';
import { toTicketError } from '../../../src/cli/handle-error.js';
import { claimCreateKey, createFingerprint, releaseCreateKey } from '../../../src/outbox/pending.js';
import { sessionFile, readSession, writeSession, passwordCheck } from '../../../src/backends/rt/session.js';
import { createHash } from 'node:crypto';

const field = (f: Partial<Field>): Field => ({ key: 'code', label: 'Code', type: 'text', required: false, options: null, pattern: null, maxLength: null, dependsOn: null, ...f });

describe('field patterns run in linear time', () => {
  it('^(a+)+$ against aaaa…! answers at once', () => {
    const f = field({ pattern: '^(a+)+$' });
    const r = checkValue(f, 'a'.repeat(50_000) + '!');
    expect(r.ok).toBe(false);
    expect(checkValue(f, 'aaaa').ok).toBe(true);
  });
  it('a pattern that cannot be bounded (a back-reference) is a configuration error naming the field', () => {
    const f = field({ pattern: '^(a)\\1$' });
    let err: unknown;
    try {
      checkValue(f, 'aa');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/field "code" \(Code\)/);
  });
  it('ordinary patterns keep working (digits, unicode letters, unanchored)', () => {
    expect(checkValue(field({ pattern: '^[0-9]{4,10}$' }), '0042').ok).toBe(true);
    expect(checkValue(field({ pattern: '^[0-9]{4,10}$' }), '12a').ok).toBe(false);
    expect(checkValue(field({ pattern: '^\\p{L}+$' }), 'été').ok).toBe(true);
    expect(checkValue(field({ pattern: 'INC' }), 'ref INC-1').ok).toBe(true);
  });
});

describe('prototype keys are ordinary keys', () => {
  const cat: Category = { id: 'APP', name: 'App', fields: [field({ key: 'constructor', label: 'Constructor', required: true }), field({ key: '__proto__', label: 'Proto' })] };
  it('a required field keyed constructor is still required', () => {
    expect(() => validateFields(cat, [])).toThrow(/Constructor is required/);
  });
  it('values keyed constructor / __proto__ are stored as given, nothing reaches a prototype', () => {
    const v = validateFields(cat, [['constructor', 'x'], ['__proto__', 'y']]);
    expect(Object.keys(v)).toEqual(['constructor', '__proto__']);
    expect(v.constructor).toBe('x');
    expect(JSON.stringify(v)).toBe('{"constructor":"x","__proto__":"y"}');
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });
});

describe('a full disk, a read-only home, permissions', () => {
  for (const code of ['ENOSPC', 'EROFS', 'EACCES', 'EDQUOT']) {
    it(`${code} is exit 4 with what happened and what to do`, () => {
      const e = Object.assign(new Error(`${code}: boom`), { code, path: '/home/ann/.local/share/ticket/local/tickets/1.json' });
      const t = toTicketError(e);
      expect(t.exitCode).toBe(4);
      expect(t.message).toMatch(new RegExp(`Cannot write /home/ann/.local/share/ticket/local/tickets/1.json: .*\\(${code}\\). Nothing was changed.`));
      expect(t.hint).toBeTruthy();
      expect(t.message).not.toMatch(/Unexpected error/);
    });
  }
  it('anything else stays an unexpected error', () => {
    expect(fsEnvironmentError(Object.assign(new Error('x'), { code: 'EEXIST' }))).toBeNull();
  });
});

describe("a create's idempotency key is saved before the first send", () => {
  const input = { category: 'IT', subject: 's', body: 'b', priority: 'normal', type: 'incident', fields: {}, attachments: [], cc: [], tags: [], requester: null, idempotencyKey: 'x', dedupeKey: null } as unknown as CreateInput;
  it('a re-run of the same command gets the same key; another command a new one; released after', () => {
    const state = mkdtempSync(join(tmpdir(), 'pending-'));
    const now = new Date('2026-11-23T10:00:00Z');
    const fp = createFingerprint('default', 'zendesk', input);
    const first = claimCreateKey(state, fp, now);
    expect(first.rerun).toBe(false);
    const again = claimCreateKey(state, fp, new Date(now.getTime() + 60_000));
    expect(again).toMatchObject({ key: first.key, rerun: true });
    const other = claimCreateKey(state, createFingerprint('default', 'zendesk', { ...input, subject: 't' }), now);
    expect(other.key).not.toBe(first.key);
    releaseCreateKey(again);
    expect(claimCreateKey(state, fp, now).key).not.toBe(first.key);
    // A day later it is a new request, not the same one retried.
    const late = claimCreateKey(state, createFingerprint('p', 'rt', input), now);
    expect(claimCreateKey(state, createFingerprint('p', 'rt', input), new Date(now.getTime() + 25 * 3600_000)).key).not.toBe(late.key);
  });

  it('a create that never got its answer (killed) is found by the re-run instead of a second create', async () => {
    const { submitCreate } = await import('../../../src/operations/submit.js');
    const { MemoryBackend } = await import('../../helpers/memory-backend.js');
    const home = mkdtempSync(join(tmpdir(), 'pending-run-'));
    const ctx = { paths: { state: join(home, 'state') }, now: () => new Date('2026-11-23T10:00:00Z'), profile: () => ({ profileName: 'default' }), env: {} } as never;
    const keys: string[] = [];
    const b1 = new MemoryBackend();
    b1.createTicket = async (i: CreateInput) => {
      keys.push(i.idempotencyKey!);
      return new Promise<Ticket>(() => undefined); // the server took it; the process dies before the answer
    };
    void submitCreate(ctx, b1, { ...input, idempotencyKey: 'first-run' });
    await new Promise((r) => setTimeout(r, 50));
    const b2 = new MemoryBackend();
    const sent: string[] = [];
    const orig = b2.createTicket.bind(b2);
    b2.createTicket = async (i: CreateInput) => {
      sent.push(i.idempotencyKey!);
      return orig(i);
    };
    (b2 as unknown as { findByIdempotencyKey(k: string): Promise<Ticket | null> }).findByIdempotencyKey = async (k: string) => (k === keys[0] ? ({ id: '41' } as Ticket) : null);
    const r = await submitCreate(ctx, b2, { ...input, idempotencyKey: 'second-run' });
    expect(r.ticket.id).toBe('41');
    expect(sent).toEqual([]);
    expect(readdirSync(join(home, 'state', 'pending-creates'))).toEqual([]);
  });
});

describe('RT session files carry nothing derived from the password in their name', () => {
  it('named from URL and user; a wrong password does not reuse the session', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sess-'));
    const f = sessionFile(dir, 'https://rt.example.com', 'ann');
    const old = createHash('sha256').update('https://rt.example.com\0ann\0pw-1').digest('hex').slice(0, 24);
    expect(f).not.toContain(old);
    writeSession(f, { cookie: 'RT_SID_x.443=abcdef', createdAt: 'now', check: passwordCheck('pw-1') });
    expect(readSession(f, 'pw-1')?.cookie).toBe('RT_SID_x.443=abcdef');
    expect(readSession(f, 'wrong')).toBeNull();
  });
});
