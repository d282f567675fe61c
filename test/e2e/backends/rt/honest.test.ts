// Honest writes against the real RT 5 server (issue 9), each result checked through RT's own REST
// API with the admin credentials, not through `ticket`: what RT cannot represent is refused with
// exit 2 and the ticket is unchanged; what RT can do is done exactly; what RT drops is exit 6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ticket } from '../../../helpers/bin.js';
import { cleanup, makeBackend, rtEnv, rtUnavailable, tag, tempDir } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();

interface RtRaw {
  id: string | number;
  Status: string;
  Subject: string;
  CustomFields: { name: string; values: string[] }[];
}

/** RT's own view of a ticket (admin, Basic auth, no `ticket` code involved). */
async function rtRaw(id: string): Promise<RtRaw> {
  const res = await fetch(`${env!.url}/REST/2.0/ticket/${id}`, {
    headers: { authorization: `Basic ${Buffer.from(`${env!.adminUser}:${env!.adminPassword}`).toString('base64')}`, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as RtRaw;
}
const cf = (t: RtRaw, name: string) => t.CustomFields.find((c) => c.name === name)?.values ?? [];

async function rtSearch(sql: string): Promise<string[]> {
  const res = await fetch(`${env!.url}/REST/2.0/tickets?query=${encodeURIComponent(sql)}`, {
    headers: { authorization: `Basic ${Buffer.from(`${env!.adminUser}:${env!.adminPassword}`).toString('base64')}` },
  });
  const body = (await res.json()) as { items: { id: string }[] };
  return body.items.map((i) => String(i.id));
}

// Each case runs several processes against a server shared with other suites.
describe.runIf(!why)('honest writes against a real RT 5 server (checked through RT REST 2.0)', { timeout: 120_000 }, () => {
  let home: string;
  let vars: Record<string, string>;
  const run = tag('honest');
  const t = (args: string[]) => ticket(args, { home, env: vars });
  const create = async (category: string, extra: string[] = []) => {
    const r = await t(['create', '--json', '--category', category, '--subject', `${run} ${category}`, '--body', 'x', '--yes', ...extra]);
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { id: string; type: string | null; status: string };
  };

  beforeAll(() => {
    home = tempDir();
    vars = { TICKET_BACKEND: 'rt', TICKET_URL: env!.url, TICKET_USER: env!.user, TICKET_PASSWORD: env!.password };
  });
  afterAll(() => cleanup(home));

  it('declares what RT can set, discovered from the server: default lifecycle, TicketType only in CRM, CC, notes', async () => {
    const rt = makeBackend(home, { url: env!.url, user: env!.user, password: env!.password });
    try {
      const caps = await rt.writeCapabilities!();
      expect(caps.statuses).toEqual([
        { status: 'new', backendStatus: 'new' },
        { status: 'open', backendStatus: 'open' },
        { status: 'on-hold', backendStatus: 'stalled' },
        { status: 'solved', backendStatus: 'resolved' },
      ]);
      expect(caps.types).toEqual(['incident', 'question', 'feature']);
      expect(caps).toMatchObject({ cc: true, internalNotes: true, reopenWindowDays: null, solve: 'always' });
      expect(caps.notes!.join('\n')).toMatch(/TicketType.*CRM/);
      expect(caps.notes!.join('\n')).not.toMatch(/TicketType[^;]*\bIT\b/);
      // TicketType is the ticket's type, not one of CRM's fields.
      expect((await rt.getCategory('CRM')).fields.map((f) => f.key)).not.toContain('TicketType');
    } finally {
      await rt.close?.();
    }
  });

  it('refuses update --status pending and close --status closed with exit 2, naming what RT can set; the ticket is unchanged', async () => {
    const { id } = await create('IT');
    const before = await rtRaw(id);
    const p = await t(['update', id, '--status', 'pending', '--json']);
    expect(p.exitCode).toBe(2);
    const err = JSON.parse(p.stderr || p.stdout).error;
    expect(err.message).toContain('"pending"');
    expect(err.hint).toContain('on-hold (stalled)');
    const c = await t(['close', id, '--status', 'closed', '--json']);
    expect(c.exitCode).toBe(2);
    expect(c.stderr + c.stdout).toContain('solved (resolved)');
    const after = await rtRaw(id);
    expect(after.Status).toBe('new');
    expect(after.Status).toBe(before.Status);
  });

  it('applies on-hold as stalled and close as resolved, exactly, and says so', async () => {
    const { id } = await create('IT');
    const h = await t(['update', id, '--status', 'on-hold', '--json']);
    expect(h.exitCode, h.stderr).toBe(0);
    expect(JSON.parse(h.stdout)).toMatchObject({ status: 'on-hold', backendStatus: 'stalled' });
    expect((await rtRaw(id)).Status).toBe('stalled');
    const c = await t(['close', id, '--json']);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ status: 'solved', backendStatus: 'resolved' });
    expect((await rtRaw(id)).Status).toBe('resolved');
    const r = await t(['reopen', id, '--comment', 'Ça recommence', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await rtRaw(id)).Status).toBe('open');
  });

  it('stores --type in the TicketType field where the queue has it (CRM); refuses it with exit 2 where not, creating nothing', async () => {
    const made = await create('CRM', ['--type', 'feature']);
    expect(made.type).toBe('feature');
    expect(cf(await rtRaw(made.id), 'TicketType')).toEqual(['feature']);
    const subject = `${run} no type here`;
    const r = await t(['create', '--json', '--category', 'IT', '--subject', subject, '--body', 'x', '--type', 'feature', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/stores no ticket type in (queue )?IT/);
    expect(await rtSearch(`Subject = '${subject}'`)).toEqual([]);
  });

  it('a custom field RT drops (a field removed since the schema was cached) is exit 6 with the ticket as RT has it', async () => {
    const dmsFields = ['--field', 'Établissement=Paris', '--field', 'Type de document=Commande atelier', '--field', 'Numéro de document=4242'];
    const { id } = await create('DMS', dmsFields);
    // The cached DMS schema still lists a field that RT no longer has (an admin removed it).
    const dir = join(home, 'state', 'cache');
    for (const f of readdirSync(dir).filter((n) => n.startsWith('rt-schema-'))) {
      const c = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      for (const entry of Object.values(c.categories ?? {}) as { category: { fields: unknown[] } }[]) {
        entry.category.fields.push({ key: 'Ancien champ', label: 'Ancien champ', type: 'text', required: false, options: null, pattern: null, maxLength: null, dependsOn: null, hint: null });
      }
      writeFileSync(join(dir, f), JSON.stringify(c));
    }
    const u = await t(['update', id, '--field', 'Ancien champ=1', '--json']);
    expect(u.exitCode, u.stderr).toBe(6);
    const out = JSON.parse(u.stderr || u.stdout);
    expect(out.error.code).toBe('not-applied');
    expect(out.error.message).toContain('fields.Ancien champ');
    expect(out.ticket).toMatchObject({ id, fields: { 'Numéro de document': '4242' } });
    expect(cf(await rtRaw(id), 'Ancien champ')).toEqual([]);

    // bulk: the item is ok:false not-applied with the actual ticket, and the run exits 8.
    const b = await t(['bulk', '--ids', id, '--field', 'Ancien champ=2', '--json', '--yes']);
    expect(b.exitCode, b.stderr).toBe(8);
    const line = b.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => String(l.id) === id);
    expect(line).toMatchObject({ ok: false, error: { code: 'not-applied' } });
  });

  it('bulk --field with a field the queue does not have is exit 2 before anything is sent', async () => {
    const { id } = await create('IT');
    const before = await rtRaw(id);
    const b = await t(['bulk', '--ids', id, '--field', 'Nope=1', '--status', 'on-hold', '--json', '--yes']);
    // The adapter refuses the batch before sending (ValidationError); the bulk command reports it
    // per item (exit 8) until it validates --field itself up front (exit 2). Never ok, never sent.
    expect([2, 8]).toContain(b.exitCode);
    expect(b.stderr + b.stdout).toMatch(/Nope/);
    for (const l of b.stdout.trim().split('\n').filter(Boolean).map((x) => JSON.parse(x))) {
      if (String(l.id) === id) expect(l).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    const after = await rtRaw(id);
    expect(after.Status).toBe(before.Status);
  });
});
