// The built binary (`npm run build` first) against the loopback fakes, for what only the whole
// program shows: no secret in --debug traces, a closed Zendesk ticket reopened as a follow-up, bulk
// through update_many / bulk_update, categories and KB through the adapters.
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
  const dir = mkdtempSync(join(tmpdir(), 'ticket-saas-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('ticket (binary) on Zendesk', () => {
  it('--debug traces never show the token, even base64-encoded', async () => {
    const fake = await startZendeskFake();
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await ticket(['list', '--debug', '--json'], { home: home(), env });
    expect(r.exitCode).toBe(0);
    const b64 = Buffer.from(`${fake.email}/token:${fake.token}`).toString('base64');
    expect(r.stderr).toContain('GET');
    expect(r.stderr + r.stdout).not.toContain(fake.token);
    expect(r.stderr + r.stdout).not.toContain(b64);
  });

  it('reopen of a closed ticket answers with the linked follow-up', async () => {
    const fake = await startZendeskFake({ seedClosed: true });
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await ticket(['reopen', '1', '--json'], { home: home(), env });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: '2', followUp: true, followUpOf: '1', subject: 'Printer jammed last year' });
    expect(fake.tickets.get(1)!.status).toBe('closed');
  });

  it('bulk goes through one update_many job; categories and kb search read the fake', async () => {
    const fake = await startZendeskFake({ seedTickets: 3 });
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const h = home();
    const r = await ticket(['bulk', '--ids', '1,2,3', '--status', 'solved', '--json'], { home: h, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(
      ['1', '2', '3'].map((id) => ({ id, ok: true, action: 'updated', from: 'new', to: 'solved' })),
    );
    expect(fake.log.filter((x) => x.path.startsWith('/api/v2/tickets/update_many'))).toHaveLength(1);
    const c = await ticket(['categories', 'DMS', '--json'], { home: h, env });
    expect(JSON.parse(c.stdout)).toMatchObject({ id: '5002', name: 'DMS' });
    const k = await ticket(['kb', 'search', 'printer', '--json'], { home: h, env });
    expect(JSON.parse(k.stdout)).toEqual([expect.objectContaining({ id: '9002', title: 'Printer not found' })]);
  });
});

describe('ticket init against the fakes', () => {
  it('zendesk end-user profile: init verifies the token read from stdin, then files through the Requests API', async () => {
    const fake = await startZendeskFake();
    cleanups.push(() => fake.close());
    const h = home();
    const init = await ticket(['init', '--backend', 'zendesk', '--url', fake.url, '--user', fake.email, '--mode', 'end-user'], { home: h, input: fake.token + '\n' });
    expect(init.exitCode).toBe(0);
    expect(init.stdout + init.stderr).not.toContain(fake.token);
    const c = await ticket(['create', '--json', '-c', 'IT support', '-s', 'Imprimante', '-b', 'Elle ne marche pas.'], { home: h });
    expect(c.exitCode).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ subject: 'Imprimante', url: `${fake.url}/hc/requests/1` });
    expect(fake.log.some((x) => x.method === 'POST' && x.path === '/api/v2/requests')).toBe(true);
  });

  it('freshdesk: init with a wrong API key is refused (exit 4)', async () => {
    const fake = await startFreshdeskFake();
    cleanups.push(() => fake.close());
    const r = await ticket(['init', '--backend', 'freshdesk', '--url', fake.url], { home: home(), input: 'wrong-key\n' });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).not.toContain('wrong-key');
  });
});

describe('ticket (binary) on Freshdesk', () => {
  it('bulk goes through bulk_update; --debug hides the API key', async () => {
    const fake = await startFreshdeskFake({ seedTickets: 2 });
    cleanups.push(() => fake.close());
    const env = { TICKET_BACKEND: 'freshdesk', TICKET_URL: fake.url, TICKET_TOKEN: fake.apiKey };
    const r = await ticket(['bulk', '--ids', '1,2', '--status', 'closed', '--json', '--debug'], { home: home(), env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).ok)).toEqual([true, true]);
    expect(fake.log.filter((x) => x.path === '/api/v2/tickets/bulk_update')).toHaveLength(1);
    expect(fake.tickets.get(1)!.status).toBe(5);
    expect(r.stderr).not.toContain(fake.apiKey);
    expect(r.stderr).not.toContain(Buffer.from(`${fake.apiKey}:X`).toString('base64'));
  });
});
