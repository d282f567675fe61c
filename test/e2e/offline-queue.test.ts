// A remote backend that goes away between two commands: the ticket is still validated (against the
// last known schema) and queued to the outbox (exit 7), then delivered once it is back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticket } from '../helpers/bin.js';
import { startZendeskFake } from '../fakes/zendesk-server.js';

describe('offline create', () => {
  it('validates with the cached schema, queues (exit 7), and `outbox send` delivers once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-offline-'));
    const fake = await startZendeskFake();
    const port = new URL(fake.url).port;
    const env = { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token };
    const online = await ticket(['categories', '--json'], { home, env });
    expect(online.exitCode, online.stderr).toBe(0);
    const dms = (JSON.parse(online.stdout) as { id: string; name: string }[]).find((c) => /DMS/i.test(c.name) || c.id === '5002')!;
    expect((await ticket(['categories', dms.id, '--json'], { home, env })).exitCode).toBe(0);
    await fake.close();

    const fields = ['-f', 'Établissement=Lyon', '-f', 'Type de document=Commande atelier', '-f', 'Numéro de document=4242'];
    const invalid = await ticket(['create', '-c', dms.id, '-s', 'Offline', '-b', 'x', '-f', 'Établissement=Nice', '-f', 'Type de document=Commande atelier', '-f', 'Numéro de document=4242'], { home, env });
    expect(invalid.exitCode).toBe(2); // still validated while offline
    const queued = await ticket(['create', '-c', dms.id, '-s', 'Filed while offline', '-b', 'The DMS is down', '-p', 'urgent', '--justification', 'Nobody can print delivery notes', ...fields], {
      home,
      env,
    });
    expect(queued.exitCode, queued.stderr).toBe(7);
    expect(queued.stderr).toMatch(/outbox/);
    const list = JSON.parse((await ticket(['outbox', 'list', '--json'], { home, env })).stdout);
    expect(list).toHaveLength(1);

    const back = await startZendeskFake({ port: Number(port) });
    try {
      const sent = await ticket(['outbox', 'send', '--json'], { home, env });
      expect(sent.exitCode, sent.stderr).toBe(0);
      const found = JSON.parse((await ticket(['list', '--json', '--search', 'Filed while offline'], { home, env })).stdout);
      expect(found).toHaveLength(1);
      expect(JSON.parse((await ticket(['outbox', 'list', '--json'], { home, env })).stdout)).toHaveLength(0);
    } finally {
      await back.close();
    }
  }, 60_000);
});
