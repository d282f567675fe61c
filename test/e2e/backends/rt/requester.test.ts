// --requester against the real RT server: an account with the rights files on behalf of a customer
// (RT's Requestor), and the customer's `list --mine` finds it; a customer who sees only the tickets
// it requests is told the ticket was created but cannot be read back (not to file it again).
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../../helpers/run-cli.js';
import { rtEnv, rtUnavailable, tag } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();

describe.runIf(!why)('RT: --requester', () => {
  const run = tag('requester');
  const as = (user: string, password: string) => ({ TICKET_BACKEND: 'rt', TICKET_URL: env!.url, TICKET_USER: user, TICKET_PASSWORD: password });

  it('the administrator files for the customer; the customer finds it with --mine', async () => {
    const subject = `${run} filed for the customer`;
    const c = await runCli(['create', '-c', 'IT', '-s', subject, '-b', 'On their behalf.', '--requester', env!.email, '--json'], { home: tempHome(), env: as(env!.adminUser, env!.adminPassword) });
    expect(c.code, c.stderr).toBe(0);
    const t = JSON.parse(c.stdout) as { id: string; requester: { email: string } };
    expect(t.requester.email).toBe(env!.email);
    const mine = await runCli(['list', '--mine', '--search', run, '--json'], { home: tempHome(), env: as(env!.user, env!.password) });
    expect(mine.code, mine.stderr).toBe(0);
    expect((JSON.parse(mine.stdout) as { id: string }[]).map((x) => x.id)).toContain(t.id);
  });

  it('a customer filing for someone else: created, but not visible to them — said so, exit 4', async () => {
    const r = await runCli(['create', '-c', 'IT', '-s', `${run} for someone else`, '-b', 'x', '--requester', 'someone.else@example.com'], { home: tempHome(), env: as(env!.user, env!.password) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/RT created ticket #\d+ for someone\.else@example\.com, but this account may not see it/);
    expect(r.stderr).toContain('Do not file it again');
  });
});
