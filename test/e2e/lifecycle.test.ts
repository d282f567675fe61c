// The whole ticket lifecycle through the built binary, the same scenarios against every backend of
// test/helpers/backend-setups.ts: local always; RT, Zendesk, Freshdesk and JSM where they can run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticket } from '../helpers/bin.js';
import { backendSetups } from '../helpers/backend-setups.js';

const CI = Boolean(process.env.CI);

for (const setup of backendSetups) {
  const reason = setup.unavailable();
  if (reason && !(CI && setup.requiredInCI)) {
    describe.skip(`lifecycle on ${setup.name} (${reason})`, () => it('skipped', () => undefined));
    continue;
  }

  describe(`lifecycle on ${setup.name}`, () => {
    let home: string;
    let env: Record<string, string> = {};
    let teardown: (() => Promise<void>) | undefined;
    const run = (args: string[], input?: string) => ticket(args, { home, env, input });
    const dmsFields = ['-f', 'Établissement=Paris', '-f', 'Type de document=Commande atelier', '-f', 'Numéro de document=20261123'];

    beforeAll(async () => {
      if (reason) throw new Error(`${setup.name} must run in CI but cannot: ${reason}`);
      home = mkdtempSync(join(tmpdir(), `ticket-e2e-${setup.name}-`));
      const s = await setup.setup(home);
      env = s.env;
      teardown = s.teardown;
    });
    afterAll(async () => {
      await teardown?.();
    });

    it('create with DMS fields and an attachment → list → show → reply → close → reopen', async () => {
      const shot = join(home, 'écran.png');
      writeFileSync(shot, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
      const subject = `Commande atelier bloquée — été ☀️ ${Date.now()}`;
      const created = await run(['create', '--json', '-c', setup.dmsCategory, '-s', subject, '-b', 'Le total est faux: 12 € au lieu de 10 € 🙂', ...dmsFields, '--attach', shot, '-p', 'high', '--justification', 'Invoices cannot go out']);
      expect(created.stderr).toBe('');
      expect(created.exitCode).toBe(0);
      const t = JSON.parse(created.stdout);
      expect(t).toMatchObject({ subject, priority: 'high', fields: expect.objectContaining({}) });
      expect(typeof t.id).toBe('string');

      const listed = JSON.parse((await run(['list', '--json', '--limit', '0'])).stdout);
      expect(listed.map((x: { id: string }) => x.id)).toContain(t.id);

      const shown = JSON.parse((await run(['show', t.id, '--json'])).stdout);
      expect(shown.subject).toBe(subject);
      expect(shown.comments[0].body).toContain('12 € au lieu de 10 € 🙂');
      expect(shown.comments.flatMap((c: { attachments: { name: string }[] }) => c.attachments.map((a) => a.name))).toContain('écran.png');

      const replied = await run(['reply', t.id, '--body-file', '-'], 'Une précision : ça bloque depuis lundi.\n');
      expect(replied.exitCode).toBe(0);
      const afterReply = JSON.parse((await run(['show', t.id, '--json'])).stdout);
      expect(afterReply.comments.map((c: { body: string }) => c.body).join('\n')).toContain('ça bloque depuis lundi');

      const closed = JSON.parse((await run(['close', t.id, '--json'])).stdout);
      expect(closed.status).toBe('solved');
      expect((await run(['list', '--json', '--status', 'solved', '--limit', '0'])).stdout).toContain(`"id":"${t.id}"`);

      const reopened = JSON.parse((await run(['reopen', t.id, '--json'])).stdout);
      expect(reopened).toMatchObject({ id: t.id, status: 'open', followUp: false });
    });

    it('each validation error exits 2 and creates nothing', async () => {
      // Other suites may file tickets on the same server meanwhile: look for this test's marker.
      const mark = `invalid-${process.pid}-${Date.now()}`;
      const bad: [string[], RegExp][] = [
        [['-c', 'NOPE', '-s', mark, '-b', 'y'], /Unknown category/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', ...dmsFields, '-f', 'nope=1'], /Unknown field/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', '-f', 'Établissement=Paris', '-f', 'Type de document=Commande atelier'], /required/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', '-f', 'Établissement=Nice', '-f', 'Type de document=Commande atelier', '-f', 'Numéro de document=1234'], /not one of the allowed values/],
        ...(setup.fieldPatterns === false
          ? []
          : ([[['-c', setup.dmsCategory, '-s', mark, '-b', 'y', '-f', 'Établissement=Paris', '-f', 'Type de document=Commande atelier', '-f', 'Numéro de document=12AB'], /wrong format/]] as [string[], RegExp][])),
        [['-c', setup.dmsCategory, '-s', `${mark} ${'x'.repeat(400)}`, '-b', 'y', ...dmsFields], /the limit is \d+/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', ...dmsFields, '--cc', 'bad@'], /not a valid e-mail/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', ...dmsFields, '--attach', join(home, 'missing.png')], /does not exist/],
        [['-c', setup.dmsCategory, '-s', mark, '-b', 'y', ...dmsFields, '--attach', home], /is a directory/],
      ];
      for (const [args, message] of bad) {
        const r = await run(['create', ...args]);
        expect(r.exitCode, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      const all = JSON.parse((await run(['list', '--json', '--limit', '0'])).stdout) as { subject: string }[];
      expect(all.filter((t) => t.subject.includes(mark))).toEqual([]);
    });

    it('unknown ticket is exit 3', async () => {
      const r = await run(['show', '999999']);
      expect(r.exitCode).toBe(3);
      const j = await run(['show', '999999', '--json']);
      expect(JSON.parse(j.stderr).error.code).toBe('not_found');
    });
  });
}
