// The built binary against the real RT server: what a user or a script sees (exit codes, JSON,
// accents and emoji, the pattern refusal). `npm test` builds first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ticket } from '../../../helpers/bin.js';
import { cleanup, isCI, rtEnv, rtUnavailable, tag, tempDir } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();

describe.runIf(!why)('ticket (built binary) against a real RT 5 server', () => {
  let home: string;
  let rtVars: Record<string, string>;
  const run = tag('cli');
  const dms = ['--field', 'Établissement=Lyon', '--field', 'Sous-site=Lyon Gerland', '--field', 'Type de document=Commande vente pièces'];

  beforeAll(() => {
    home = tempDir();
    rtVars = { TICKET_BACKEND: 'rt', TICKET_URL: env!.url, TICKET_USER: env!.user, TICKET_PASSWORD: env!.password };
  });
  afterAll(() => cleanup(home));

  it('creates, shows, replies, closes and reopens; French accents and emoji survive the round trip', async () => {
    const subject = `${run} Facture « été » ✓ 🚗`;
    const body = 'Le numéro de commande est refusé à l’impression. Ça bloque l’atelier 😬';
    const c = await ticket(['create', '--json', '--category', 'DMS', '--subject', subject, '--body', body, ...dms, '--field', 'numéro de document=2026001', '--cc', 'chef@example.com', '--yes'], { home, env: rtVars });
    expect(c.exitCode, c.stderr).toBe(0);
    const created = JSON.parse(c.stdout);
    const id = String(created.id ?? created.ticket?.id);
    expect(id).toMatch(/^\d+$/);

    const s = await ticket(['show', id, '--json'], { home, env: rtVars });
    expect(s.exitCode, s.stderr).toBe(0);
    const shown = JSON.parse(s.stdout);
    expect(shown.subject).toBe(subject);
    expect(shown.comments[0].body.trim()).toBe(body);
    expect(shown.fields).toMatchObject({ Établissement: 'Lyon', 'Sous-site': 'Lyon Gerland', 'Numéro de document': '2026001' });
    expect(shown.cc).toEqual(['chef@example.com']);
    expect(shown.backendStatus).toBe('new');

    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'reçu.txt'), 'reçu n° 42\n');
      const r = await ticket(['reply', id, '--body', 'Pièce jointe ajoutée 📎', '--attach', join(dir, 'reçu.txt')], { home, env: rtVars });
      expect(r.exitCode, r.stderr).toBe(0);
    } finally {
      cleanup(dir);
    }
    const close = await ticket(['close', id, '--json'], { home, env: rtVars });
    expect(close.exitCode, close.stderr).toBe(0);
    const afterClose = JSON.parse((await ticket(['show', id, '--json'], { home, env: rtVars })).stdout);
    expect([afterClose.status, afterClose.backendStatus]).toEqual(['solved', 'resolved']);
    expect(afterClose.comments.at(-1).attachments.map((a: { name: string }) => a.name)).toEqual(['reçu.txt']);
    const reopen = await ticket(['reopen', id, '--json'], { home, env: rtVars });
    expect(reopen.exitCode, reopen.stderr).toBe(0);
    const afterReopen = JSON.parse((await ticket(['show', id, '--json', '--no-comments'], { home, env: rtVars })).stdout);
    expect([afterReopen.status, afterReopen.backendStatus]).toEqual(['open', 'open']);
  });

  it('refuses a document number that fails the RT pattern: exit 2, nothing created', async () => {
    const subject = `${run} bad number`;
    const r = await ticket(['create', '--category', 'DMS', '--subject', subject, '--body', 'x', ...dms, '--field', 'Numéro de document=12ab', '--yes'], { home, env: rtVars });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Numéro de document/);
    const l = await ticket(['list', '--json', '--limit', '0', '--query', `Subject = '${subject}'`], { home, env: rtVars });
    expect(l.exitCode, l.stderr).toBe(0);
    expect(JSON.parse(l.stdout)).toEqual([]);
  });

  it('lists with --query TicketSQL and filters', async () => {
    const r = await ticket(['list', '--json', '--limit', '0', '--query', `Subject LIKE '${run}'`], { home, env: rtVars });
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { subject: string; category: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((t) => t.subject.includes(run) && t.category === 'DMS')).toBe(true);
  });

  it('unknown ticket → exit 3', async () => {
    const r = await ticket(['show', '99999999'], { home, env: rtVars });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/99999999/);
  });

  it('bad password → exit 4 with a hint; init refuses to save it', async () => {
    const r = await ticket(['list'], { home, env: { ...rtVars, TICKET_PASSWORD: 'wrong' } });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/ticket init/);
    expect(r.stderr).not.toContain('wrong');
    const other = tempDir();
    try {
      const i = await ticket(['init', '--backend', 'rt', '--url', env!.url, '--user', env!.user], { home: other, env: { TICKET_PASSWORD: 'wrong' } });
      expect(i.exitCode).toBe(4);
      const ok = await ticket(['init', '--backend', 'rt', '--url', env!.url, '--user', env!.user], { home: other, input: `${env!.password}\n` });
      expect(ok.exitCode, ok.stderr).toBe(0);
      const l = await ticket(['list', '--limit', '1'], { home: other });
      expect(l.exitCode, l.stderr).toBe(0);
    } finally {
      cleanup(other);
    }
  });

  it('server down → exit 5', async () => {
    const r = await ticket(['list'], { home, env: { ...rtVars, TICKET_URL: 'http://127.0.0.1:9' } });
    expect(r.exitCode).toBe(5);
  });
});

describe.runIf(isCI() && !!why)('ticket against RT (CI without a server)', () => {
  it('needs the RT test server in CI', () => {
    throw new Error(why!);
  });
});
