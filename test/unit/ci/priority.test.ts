// ci-failure files at the profile's ciPriority (default low, as the portals file e-mailed requests);
// --priority overrides it, and a high or urgent one needs a justification like `ticket create`.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FakeBackend } from '../../helpers/fault-backend.js';
import { fakeContext } from '../../helpers/context.js';
import { runCiFailure, type CiFailureFlags } from '../../../src/commands/ci-failure.js';
import type { ResolvedProfile } from '../../../src/config/resolve.js';
import type { CreateInput } from '../../../src/model.js';

const ENV = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'test', GITHUB_RUN_ID: '7', GITHUB_SERVER_URL: 'https://github.com' };

function logFile(): string {
  const p = join(mkdtempSync(join(tmpdir(), 'cilog-')), 'job.log');
  writeFileSync(p, 'npm test\nError: connect ECONNREFUSED 127.0.0.1:5432\n');
  return p;
}

async function file(flags: CiFailureFlags, profile: Partial<ResolvedProfile> = {}) {
  const b = new FakeBackend();
  const ctx = fakeContext(b, { env: ENV, json: true, profile });
  let error: any = null;
  await runCiFailure(ctx, { log: logFile(), ...flags }).catch((e) => (error = e));
  const created = b.calls.find((c) => c.op === 'create')?.args as CreateInput | undefined;
  return { created, error, err: ctx.err() };
}

describe('ci-failure priority', () => {
  it('defaults to low', async () => {
    const { created, error } = await file({});
    expect(error).toBeNull();
    expect(created!.priority).toBe('low');
  });

  it('honours the profile\'s ciPriority, and --priority overrides it (any accepted word)', async () => {
    expect((await file({}, { ciPriority: 'normal' })).created!.priority).toBe('normal');
    expect((await file({}, { ciPriority: 'medium' })).created!.priority).toBe('normal');
    expect((await file({ priority: 'Faible' }, { ciPriority: 'normal' })).created!.priority).toBe('low');
  });

  it('high or urgent needs a justification (exit 2, nothing sent) unless requireJustification is false', async () => {
    const missing = await file({ priority: 'haute' });
    expect(missing.error).toMatchObject({ code: 'usage', exitCode: 2 });
    expect(missing.error.message).toContain('--justification');
    expect(missing.created).toBeUndefined();
    const fromProfile = await file({}, { ciPriority: 'urgent' });
    expect(fromProfile.error).toMatchObject({ code: 'usage' });
    const given = await file({ priority: 'high', justification: 'Release blocked' });
    expect(given.error).toBeNull();
    expect(given.created).toMatchObject({ priority: 'high' });
    expect(given.created!.body).toContain('## Why this priority\n\nRelease blocked');
    const off = await file({ priority: 'high' }, { requireJustification: false });
    expect(off.error).toBeNull();
    expect(off.created!.priority).toBe('high');
  });

  it('an urgent one names the emergency contact on stderr', async () => {
    const r = await file({ priority: 'urgent', justification: 'Prod deploys stopped' }, { emergencyContact: 'Hotline +33 800 000 000' });
    expect(r.error).toBeNull();
    expect(r.err).toContain('Hotline +33 800 000 000');
  });
});
