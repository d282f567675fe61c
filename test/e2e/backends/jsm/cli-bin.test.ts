// The built binary (`npm run build` first) against the JSM fake, for what only the whole program
// shows: init (verified, --desk, several desks off a terminal, an expired token, a Data Center PAT),
// exit 6 on a refused transition with the ticket in the JSON, emulated bulk, no secret in traces.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticket } from '../../../helpers/bin.js';
import { startJsmFake } from '../../../fakes/jsm-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'ticket-jsm-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function config(h: string): { profiles: Record<string, Record<string, unknown>> } {
  const file = join(h, 'config', 'config.json');
  return JSON.parse(readFileSync(existsSync(file) ? file : join(h, 'config.json'), 'utf8'));
}

describe('ticket (binary) on Jira Service Management', () => {
  it('init verifies the API token and, with several service desks, needs --desk off a terminal', async () => {
    const fake = await startJsmFake({ twoDesks: true });
    cleanups.push(() => fake.close());
    const h = home();
    const args = ['init', '--json', '--backend', 'jsm', '--url', fake.url, '--user', fake.email];
    const noDesk = await ticket(args, { home: h, env: { TICKET_TOKEN: fake.token } });
    expect(noDesk.exitCode).toBe(2);
    expect(noDesk.stderr).toMatch(/--desk/);
    expect(noDesk.stderr).toMatch(/SUP/);
    const ok = await ticket([...args, '--desk', 'sup'], { home: h, env: { TICKET_TOKEN: fake.token } });
    expect(ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ backend: 'jsm', verified: true, as: fake.email });
    const cfgText = JSON.stringify(config(h));
    expect(cfgText).toContain('"serviceDeskId":"1"');
    // The token came from the environment: used, not saved.
    expect(cfgText).not.toContain(fake.token);
    const cats = await ticket(['categories', '--json'], { home: h, env: { TICKET_TOKEN: fake.token } });
    expect(JSON.parse(cats.stdout).map((c: { name: string }) => c.name)).toEqual(['DMS', "Problème d'affichage", 'IT support']);
  });

  it('init with an expired token exits 4 and saves nothing', async () => {
    const fake = await startJsmFake();
    cleanups.push(() => fake.close());
    const h = home();
    const r = await ticket(['init', '--backend', 'jsm', '--url', fake.url, '--user', fake.email], { home: h, input: 'expired-token\n' });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/refused the credentials/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(h, 'config', 'config.json')) || existsSync(join(h, 'config.json'))).toBe(false);
  });

  it('init --auth pat sends the Data Center personal access token as Bearer', async () => {
    const fake = await startJsmFake({ pat: 'dc-pat-123' });
    cleanups.push(() => fake.close());
    const h = home();
    const r = await ticket(['init', '--json', '--backend', 'jsm', '--url', fake.url, '--auth', 'pat'], { home: h, input: 'dc-pat-123\n' });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(fake.log.find((x) => x.path.startsWith('/rest/api'))!.headers.authorization).toBe('Bearer dc-pat-123');
    expect(config(h).profiles.default).toMatchObject({ backend: 'jsm', tokenType: 'pat', serviceDeskId: '1' });
  });

  it('a refused transition exits 6 with the request as it is; --debug never shows the token', async () => {
    const fake = await startJsmFake({ seedRequests: 1 });
    cleanups.push(() => fake.close());
    fake.setStatus('SUP-1', 'Closed');
    const env = { TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await ticket(['reopen', 'SUP-1', '--json', '--debug'], { home: home(), env });
    expect(r.exitCode).toBe(6);
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
    expect(err).toMatchObject({ error: { code: 'not-applied' }, ticket: { id: 'SUP-1', status: 'closed', backendStatus: 'Closed' } });
    const b64 = Buffer.from(`${fake.email}:${fake.token}`).toString('base64');
    expect(r.stderr + r.stdout).not.toContain(fake.token);
    expect(r.stderr + r.stdout).not.toContain(b64);
  });

  it('bulk is emulated: one transition per request, each line from→to', async () => {
    const fake = await startJsmFake({ seedRequests: 3 });
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await ticket(['bulk', '--ids', 'SUP-1,SUP-2,SUP-3', '--status', 'solved', '--json'], { home: home(), env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      ['SUP-1', 'SUP-2', 'SUP-3'].map((id) => ({ id, ok: true, action: 'updated', from: 'new', to: 'solved' })),
    );
    expect(fake.counts.transitions).toBe(3);
    expect([...fake.requests.values()].every((x) => x.status === 'Resolved')).toBe(true);
  });
});
