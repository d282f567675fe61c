// The emergency contact on every urgent filing that goes through the outbox: when it is queued (the
// error names it), and again on stderr when `outbox send` delivers it or still cannot.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../helpers/fault-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { submitCreate } from '../../../src/operations/submit.js';
import { sendOutbox, type SendLine } from '../../../src/outbox/send.js';
import { QueuedError } from '../../../src/errors.js';
import type { CreateInput } from '../../../src/model.js';

const CONTACT = 'Hotline +33 800 000 000';

function input(priority: CreateInput['priority']): CreateInput {
  return { category: 'IT', subject: 'Line stopped', body: 'Nothing prints.', priority, type: 'incident', fields: {}, attachments: [], cc: [], tags: [] };
}

describe('urgent items through the outbox', () => {
  it('queued: the error names the contact; delivered by outbox send: stderr names it again', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b, { profile: { emergencyContact: CONTACT } });
    const err = await submitCreate(ctx, b, input('urgent')).catch((e) => e);
    expect(err).toBeInstanceOf(QueuedError);
    expect(err.message).toContain(CONTACT);
    // Said once: the queued error carries it, no second line on stderr.
    expect(ctx.err()).not.toContain(CONTACT);
    const lines: SendLine[] = [];
    await sendOutbox(ctx, b, { profileName: null, onLine: (l) => lines.push(l) });
    expect(lines).toMatchObject([{ ok: true, action: 'created' }]);
    expect(ctx.err()).toContain(CONTACT);
  });

  it('a normal item says nothing of the kind', async () => {
    const b = new FakeBackend();
    b.faults.push({ op: 'create', when: 'before' });
    const ctx = fakeContext(b, { profile: { emergencyContact: CONTACT } });
    await submitCreate(ctx, b, input('normal')).catch(() => undefined);
    await sendOutbox(ctx, b, { profileName: null, onLine: () => undefined });
    expect(ctx.err()).not.toContain(CONTACT);
  });
});
