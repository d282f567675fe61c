// `ticket doctor` (the built binary, `npm run build` first) against the loopback fakes: reachability,
// authentication and rate-limit headroom come from each adapter's health().
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticket } from '../../../helpers/bin.js';
import { startZendeskFake } from '../../../fakes/zendesk-server.js';
import { startFreshdeskFake } from '../../../fakes/freshdesk-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'ticket-doctor-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('ticket doctor on SaaS backends', () => {
  it('zendesk: reachable and authenticated; the token never printed', async () => {
    const fake = await startZendeskFake();
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await ticket(['doctor', '--json'], { home: home(), env });
    expect(r.exitCode).toBe(0);
    const checks = JSON.parse(r.stdout).checks as { id: string; status: string; summary: string }[];
    expect(checks.find((c) => c.id === 'backend')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^zendesk, \d+ ms$/) });
    expect(checks.find((c) => c.id === 'auth')).toMatchObject({ status: 'ok', summary: `accepted (${fake.email})` });
    expect(checks.find((c) => c.id === 'rate-limit')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^\d+ of \d+ requests left/) });
    expect(r.stdout + r.stderr).not.toContain(fake.token);
  });
  it('freshdesk: a refused API key is an auth failure (exit 4), the server still reachable', async () => {
    const fake = await startFreshdeskFake();
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'freshdesk', TICKET_URL: fake.url, TICKET_TOKEN: 'wrong' };
    const r = await ticket(['doctor', '--json'], { home: home(), env });
    expect(r.exitCode).toBe(4);
    const checks = JSON.parse(r.stdout).checks as { id: string; status: string }[];
    expect(checks.find((c) => c.id === 'backend')?.status).toBe('ok');
    expect(checks.find((c) => c.id === 'auth')?.status).toBe('fail');
  });
});
