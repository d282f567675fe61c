import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { startZendeskFake, type ZendeskFake } from '../../fakes/zendesk-server.js';
import { startJsmFake, type JsmFake } from '../../fakes/jsm-server.js';
import { startFreshdeskFake, type FreshdeskFake } from '../../fakes/freshdesk-server.js';

// Who files a ticket (the signed-in user, or --requester where the backend allows it), fields that
// depend on the ticket type, and --attach-clipboard — through the CLI, on the local backend and
// the Zendesk fake.

const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

async function localHome(): Promise<string> {
  const home = tempHome('ticket-contact-');
  expect((await runCli(['config', 'set', 'name', 'Jane Doe'], { home })).code).toBe(0);
  expect((await runCli(['config', 'set', 'email', 'jane@example.com'], { home })).code).toBe(0);
  return home;
}

const it_ = ['create', '-c', 'IT', '-s', 'Printer offline', '-b', 'It does not print.'];
const zd = ['create', '-c', '5001', '-s', 'Printer offline', '-b', 'It does not print.'];

describe('local: the requester', () => {
  it('a ticket created without --requester is the profile’s, and `list --mine` finds it', async () => {
    const home = await localHome();
    const c = await runCli([...it_, '--json'], { home });
    expect(c.code, c.stderr).toBe(0);
    const t = json(c.stdout) as { id: string; requester: unknown };
    expect(t.requester).toEqual({ name: 'Jane Doe', email: 'jane@example.com' });
    const mine = await runCli(['list', '--mine', '--json'], { home });
    expect(mine.code, mine.stderr).toBe(0);
    expect((JSON.parse(mine.stdout) as { id: string }[]).map((x) => x.id)).toEqual([t.id]);
  });

  it('--requester files on behalf of someone: theirs, not mine', async () => {
    const home = await localHome();
    const c = await runCli([...it_, '--requester', 'Bob@Example.com', '--json'], { home });
    expect(c.code, c.stderr).toBe(0);
    const t = json(c.stdout) as { id: string; requester: { email: string } };
    expect(t.requester.email).toBe('bob@example.com');
    const mine = await runCli(['list', '--mine', '--json'], { home });
    expect(JSON.parse(mine.stdout)).toEqual([]);
    const bob = await runCli(['list', '--requester', 'bob@example.com', '--json'], { home });
    expect((JSON.parse(bob.stdout) as { id: string }[]).map((x) => x.id)).toEqual([t.id]);
  });

  it('--requester must be an e-mail address (exit 2, nothing written)', async () => {
    const home = await localHome();
    const r = await runCli([...it_, '--requester', 'bob'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--requester: "bob" is not an e-mail address.');
    expect(JSON.parse((await runCli(['list', '--json'], { home })).stdout)).toEqual([]);
  });

  it('config set checks the contact details', async () => {
    const home = tempHome('ticket-contact-');
    const r = await runCli(['config', 'set', 'phone', 'call me'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"call me" is not a phone number');
    expect((await runCli(['config', 'set', 'phone', '+40 21 000 0000'], { home })).code).toBe(0);
    expect((await runCli(['config', 'get', 'phone'], { home })).stdout).toBe('+40 21 000 0000\n');
  });
});

describe('Zendesk: --requester only where the account may file for others', () => {
  let fake: ZendeskFake | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  async function zendesk(mode: 'agent' | 'end-user') {
    fake = await startZendeskFake();
    const home = tempHome('ticket-contact-zd-');
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(
      join(home, 'config', 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'zd', profiles: { zd: { backend: 'zendesk', url: fake.url, user: fake.email, token: fake.token, mode } } }),
      { mode: 0o600 },
    );
    return home;
  }

  it('end user (Requests API): refused before anything is sent, exit 2', async () => {
    const home = await zendesk('end-user');
    const r = await runCli([...zd, '--requester', 'bob@example.com'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Zendesk cannot file a ticket on behalf of someone else with this profile.');
    expect(r.stderr).toContain('ticket config set mode agent');
    expect(fake!.log.filter((l) => l.method === 'POST')).toEqual([]);
  });

  it('agent (Tickets API): sent as the requester, and the ticket names them', async () => {
    const home = await zendesk('agent');
    const r = await runCli([...zd, '--requester', 'bob@example.com', '--json'], { home });
    expect(r.code, r.stderr).toBe(0);
    const post = fake!.log.find((l) => l.method === 'POST' && l.path.startsWith('/api/v2/tickets'))!;
    expect((post.body as { ticket: { requester: unknown } }).ticket.requester).toEqual({ name: 'bob@example.com', email: 'bob@example.com' });
    expect((json(r.stdout) as { requester: { email: string } }).requester.email).toBe('bob@example.com');
  });

  it('agent without --requester: no requester is sent (the signed-in agent files), and --mine finds it', async () => {
    const home = await zendesk('agent');
    const r = await runCli([...zd, '--json'], { home });
    expect(r.code, r.stderr).toBe(0);
    const post = fake!.log.find((l) => l.method === 'POST' && l.path.startsWith('/api/v2/tickets'))!;
    expect((post.body as { ticket: Record<string, unknown> }).ticket).not.toHaveProperty('requester');
    const id = (json(r.stdout) as { id: string }).id;
    const mine = await runCli(['list', '--mine', '--json'], { home });
    expect((JSON.parse(mine.stdout) as { id: string }[]).map((x) => x.id)).toContain(id);
  });
});

const FORMS = `categories:
  - id: CV
    name: CoreView
    fields:
      - key: tenant
        label: Tenant
        type: select
        required: true
        options: [EU, US]
      - key: users
        label: Users affected
        type: number
        required: true
        dependsOn: {field: type, values: [Issue]}
`;

describe('fields that depend on the ticket type (forms file)', () => {
  async function home(): Promise<string> {
    const h = await localHome();
    writeFileSync(join(h, 'config', 'forms.yaml'), FORMS);
    return h;
  }
  const cv = ['create', '-c', 'CV', '-s', 'Licences not synced', '-b', 'Since Monday.', '-f', 'tenant=EU'];

  it('`type` in dependsOn is the ticket type ("Issue" reads as incident); categories shows it', async () => {
    const h = await home();
    const r = await runCli(['categories', 'CV', '--json'], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('"dependsOn":{"field":"type","values":["incident"]}');
  });

  it('required only when shown; given for a type that hides it is exit 2', async () => {
    const h = await home();
    const missing = await runCli([...cv, '--type', 'incident'], { home: h });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Users affected is required: add --field users=VALUE');
    const hidden = await runCli([...cv, '--type', 'question', '-f', 'users=4'], { home: h });
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toContain('Users affected applies only to tickets of type incident.');
    expect(hidden.stderr).toContain('--type incident');
    const none = await runCli([...cv, '-f', 'users=4'], { home: h });
    expect(none.code).toBe(2);
    const question = await runCli([...cv, '--type', 'question', '--json'], { home: h });
    expect(question.code, question.stderr).toBe(0);
    const incident = await runCli([...cv, '--type', 'incident', '-f', 'users=4', '--json'], { home: h });
    expect(incident.code, incident.stderr).toBe(0);
    expect((json(incident.stdout) as { fields: unknown }).fields).toEqual({ tenant: 'EU', users: 4 });
  });

  it('a forms file naming an unknown type is a configuration error', async () => {
    const h = await localHome();
    writeFileSync(join(h, 'config', 'forms.yaml'), FORMS.replace('[Issue]', '[Bug]'));
    const r = await runCli(['categories'], { home: h });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('"Bug" is not a ticket type (incident, question, feature)');
  });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels')]);

function fakeTool(dir: string, name: string, script: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
  return bin;
}

describe('--attach-clipboard', () => {
  it('attaches the clipboard image read by xclip as clipboard-YYYYMMDD-HHMMSS.png; the copy is removed', async () => {
    const home = await localHome();
    writeFileSync(join(home, 'shot.png'), PNG);
    const bin = fakeTool(home, 'xclip', `[ "$*" = "-selection clipboard -t image/png -o" ] || exit 9\nexec /bin/cat '${join(home, 'shot.png')}'`);
    const r = await runCli([...it_, '--attach-clipboard', '--json'], { home, env: { PATH: bin } });
    expect(r.code, r.stderr).toBe(0);
    const id = (json(r.stdout) as { id: string }).id;
    const out = join(home, 'out');
    mkdirSync(out);
    const d = await runCli(['download', id, '--dir', out], { home, env: { PATH: bin } });
    expect(d.code, d.stderr).toBe(0);
    const names = readdirSync(out);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^clipboard-\d{8}-\d{6}\.png$/);
    expect(readFileSync(join(out, names[0])).equals(PNG)).toBe(true);
    // The temporary copy under the state dir is gone once the ticket is sent.
    const clip = join(home, 'state', 'clipboard');
    expect(existsSync(clip) ? readdirSync(clip) : []).toEqual([]);
  });

  it('reply --attach-clipboard through wl-paste on Wayland', async () => {
    const home = await localHome();
    writeFileSync(join(home, 'shot.png'), PNG);
    const c = await runCli([...it_, '--json'], { home });
    const id = (json(c.stdout) as { id: string }).id;
    const bin = fakeTool(home, 'wl-paste', `[ "$*" = "--no-newline --type image/png" ] || exit 9\nexec /bin/cat '${join(home, 'shot.png')}'`);
    const r = await runCli(['reply', id, '-b', 'Here is the screen.', '--attach-clipboard', '--json'], { home, env: { PATH: bin, WAYLAND_DISPLAY: 'wayland-0' } });
    expect(r.code, r.stderr).toBe(0);
    expect((json(r.stdout).comment as { attachments: { name: string }[] }).attachments[0].name).toMatch(/^clipboard-\d{8}-\d{6}\.png$/);
  });

  it('no image on the clipboard: exit 2, nothing sent', async () => {
    const home = await localHome();
    const bin = fakeTool(home, 'xclip', `echo "Error: target image/png not available" >&2\nexit 1`);
    const r = await runCli([...it_, '--attach-clipboard'], { home, env: { PATH: bin } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The clipboard holds no image (xclip found none).');
    expect(JSON.parse((await runCli(['list', '--json'], { home })).stdout)).toEqual([]);
  });

  it('without any clipboard tool: exit 2 naming wl-paste and xclip', async () => {
    const home = await localHome();
    mkdirSync(join(home, 'empty'));
    const r = await runCli([...it_, '--attach-clipboard'], { home, env: { PATH: join(home, 'empty') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No tool to read an image from the clipboard was found.');
    expect(r.stderr).toMatch(/wl-clipboard \(wl-paste, Wayland\) or xclip \(X11\)/);
    const j = await runCli([...it_, '--attach-clipboard', '--json'], { home, env: { PATH: join(home, 'empty') } });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stderr).error).toMatchObject({ code: 'usage', data: { tools: ['xclip', 'wl-paste'] } });
  });
});

describe('Jira Service Management: --requester is raiseOnBehalfOf', () => {
  let fake: JsmFake | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });
  const jsm = ['create', '-c', '10', '-s', 'Printer offline', '-b', 'It does not print.'];

  it('an agent files for a customer: the account found by e-mail, the request theirs', async () => {
    fake = await startJsmFake();
    const env = { TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await runCli([...jsm, '--requester', 'boss@example.com', '--json'], { home: tempHome(), env });
    expect(r.code, r.stderr).toBe(0);
    const post = fake.log.find((l) => l.method === 'POST' && l.path.endsWith('/request'))!;
    expect(post.body).toMatchObject({ raiseOnBehalfOf: 'acc-1' });
    expect((json(r.stdout) as { requester: { email: string } }).requester.email).toBe('boss@example.com');
  });

  it('a portal customer cannot: exit 2 before anything is sent', async () => {
    fake = await startJsmFake({ customerOnly: true });
    const env = { TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const r = await runCli([...jsm, '--requester', 'boss@example.com'], { home: tempHome(), env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Jira Service Management cannot file a ticket on behalf of someone else with this profile.');
    expect(fake.log.filter((l) => l.method === 'POST' && l.path.endsWith('/request'))).toEqual([]);
  });
});

describe('Freshdesk: --requester is the ticket’s email', () => {
  let fake: FreshdeskFake | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });
  const fd = ['create', '-c', 'Question', '-s', 'Printer offline', '-b', 'It does not print.'];

  it('without it the agent files (and --mine finds it); with it the customer is the requester', async () => {
    fake = await startFreshdeskFake();
    const env = { TICKET_BACKEND: 'freshdesk', TICKET_URL: fake.url, TICKET_TOKEN: fake.apiKey };
    const home = tempHome();
    const a = await runCli([...fd, '--json'], { home, env });
    expect(a.code, a.stderr).toBe(0);
    expect((json(a.stdout) as { requester: { email: string } }).requester.email).toBe(fake.agentEmail);
    const b = await runCli([...fd, '--requester', 'client@example.com', '--json'], { home, env });
    expect(b.code, b.stderr).toBe(0);
    expect((json(b.stdout) as { requester: { email: string } }).requester.email).toBe('client@example.com');
    const mine = await runCli(['list', '--mine', '--json'], { home, env });
    expect((JSON.parse(mine.stdout) as { id: string }[]).map((x) => x.id)).toEqual([(json(a.stdout) as { id: string }).id]);
  });
});
