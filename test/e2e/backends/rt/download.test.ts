// `ticket download` against the real RT server: the file on disk is byte for byte the attachment
// RT holds, as RT's own REST API returns it (fetched here directly, not through the adapter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ticket } from '../../../helpers/bin.js';
import { cleanup, rtEnv, rtUnavailable, tag, tempDir } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();

async function rtAttachmentBytes(ticketId: string, fileName: string): Promise<Buffer> {
  const auth = { authorization: `Basic ${Buffer.from(`${env!.user}:${env!.password}`).toString('base64')}` };
  const list = (await (await fetch(`${env!.url}/REST/2.0/ticket/${ticketId}/attachments?fields=Filename&per_page=100`, { headers: auth })).json()) as {
    items: { id: string; Filename: string }[];
  };
  const item = list.items.find((a) => a.Filename === fileName);
  if (!item) throw new Error(`RT has no attachment ${fileName} on ticket ${ticketId}`);
  const one = (await (await fetch(`${env!.url}/REST/2.0/attachment/${item.id}`, { headers: auth })).json()) as { Content: string };
  return Buffer.from(one.Content, 'base64');
}

describe.runIf(!why)('ticket download against a real RT 5 server', () => {
  let home: string;
  let dir: string;
  let rtVars: Record<string, string>;
  beforeAll(() => {
    home = tempDir();
    dir = tempDir();
    rtVars = { TICKET_BACKEND: 'rt', TICKET_URL: env!.url, TICKET_USER: env!.user, TICKET_PASSWORD: env!.password };
  });
  afterAll(() => {
    cleanup(home);
    cleanup(dir);
  });

  it('saves each attachment byte for byte as RT holds it, and never overwrites without --force', async () => {
    const bin = randomBytes(3 * 1024 * 1024 + 17);
    const text = Buffer.from('journal d’erreurs ✓\nligne 2\n');
    writeFileSync(join(dir, 'capture.bin'), bin);
    writeFileSync(join(dir, 'journal.log'), text);
    const c = await ticket(['create', '--json', '--category', 'IT', '--subject', `${tag('dl')} download`, '--body', 'see the files', '--attach', join(dir, 'capture.bin'), '--attach', join(dir, 'journal.log')], { home, env: rtVars });
    expect(c.exitCode, c.stderr).toBe(0);
    const id = String(JSON.parse(c.stdout).id);
    const out = join(dir, 'out');
    const d = await ticket(['download', id, '--dir', out, '--json'], { home, env: rtVars, timeout: 60_000 });
    expect(d.exitCode, d.stderr).toBe(0);
    const files = JSON.parse(d.stdout).files as { name: string; path: string; size: number }[];
    expect(files.map((f) => f.name).sort()).toEqual(['capture.bin', 'journal.log']);
    for (const name of ['capture.bin', 'journal.log']) {
      const saved = readFileSync(join(out, name));
      expect(saved.equals(await rtAttachmentBytes(id, name)), `${name} differs from RT's copy`).toBe(true);
    }
    expect(readFileSync(join(out, 'capture.bin')).equals(bin)).toBe(true);

    const again = await ticket(['download', id, '--dir', out, '--name', '*.log'], { home, env: rtVars });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    const forced = await ticket(['download', id, '--dir', out, '--name', '*.log', '--force'], { home, env: rtVars });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout.trim()).toBe(join(out, 'journal.log'));
  }, 120_000);

  it('an unknown ticket is exit 3', async () => {
    const r = await ticket(['download', '99999999', '--dir', dir], { home, env: rtVars });
    expect(r.exitCode).toBe(3);
  });
});
