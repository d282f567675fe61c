// Priority as the seed portals ask it: every word accepted wherever --priority is, the justification
// high and urgent need, ci-failure's own default, and the emergency contact on urgent filings.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import { FakePrompter } from '../../helpers/fake-prompter.js';
import { UnavailableError } from '../../../src/errors.js';

const it_ = ['-c', 'IT', '-s', 'Printer', '-b', 'It jams.'];

async function create(home: string, args: string[], env: Record<string, string> = {}) {
  return runCli(['create', ...it_, '--json', ...args], { home, env });
}

/** What the wizard still asks for an IT ticket when category, subject, body, priority and type are given. */
const WIZARD_REST: [string, string][] = [
  ['Poste / machine', ''],
  ['Personnes concernées', ''],
  ['File to attach', ''],
  ['Copy someone', ''],
  ['Your name', 'Jane Doe'],
  ['Your e-mail address', 'jane@example.com'],
  ['Your phone number', ''],
  ['What now?', 'submit'],
];

function outboxItems(home: string): string[] {
  const dir = join(home, 'state', 'outbox');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
}

describe('--priority takes the portals\' words', () => {
  const words: [string, string][] = [
    ['medium', 'normal'],
    ['basse', 'low'],
    ['Normale', 'normal'],
    ['scăzută', 'low'],
    ['scazuta', 'low'],
    ['normală', 'normal'],
    ['NORMALA', 'normal'],
    ['Faible', 'low'],
    ['mineure', 'normal'],
  ];
  it.each(words)('create --priority %s files a %s ticket', async (word, expected) => {
    const home = tempHome();
    const r = await create(home, ['--priority', word]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).priority).toBe(expected);
  });

  it.each([
    ['haute', 'high'],
    ['ridicată', 'high'],
    ['ridicata', 'high'],
    ['Majeure', 'high'],
    ['urgente', 'urgent'],
    ['urgentă', 'urgent'],
    ['urgenta', 'urgent'],
    ['BLOQUANTE', 'urgent'],
  ])('create --priority %s (with a justification) files a %s ticket', async (word, expected) => {
    const home = tempHome();
    const r = await create(home, ['--priority', word, '--justification', 'Nobody can print']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).priority).toBe(expected);
  });

  it('update, bulk and the list query take them too; JSON keeps the normalized priority', async () => {
    const home = tempHome();
    expect((await create(home, [])).code).toBe(0);
    expect((await create(home, [])).code).toBe(0);
    const up = await runCli(['update', '1', '--priority', 'Haute', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ id: '1', priority: 'high' });
    const bulk = await runCli(['bulk', '--ids', '2', '--priority', 'ridicată', '--yes', '--json'], { home });
    expect(bulk.code, bulk.stderr).toBe(0);
    const perLine = await runCli(['bulk', '--json'], { home, stdin: '{"id":"1","priority":"Bloquante"}\n' });
    expect(perLine.code, perLine.stderr).toBe(0);
    const listed = await runCli(['list', '--json', '--query', 'priority:ridicata'], { home });
    expect(JSON.parse(listed.stdout).map((t: { id: string; priority: string }) => [t.id, t.priority])).toEqual([['2', 'high']]);
    const urgent = await runCli(['list', '--json', '--query', 'priority:urgente'], { home });
    expect(JSON.parse(urgent.stdout).map((t: { id: string; priority: string }) => [t.id, t.priority])).toEqual([['1', 'urgent']]);
  });

  it('a word it does not know is exit 2 listing the accepted words, and nothing is filed', async () => {
    const home = tempHome();
    const r = await runCli(['create', ...it_, '--priority', 'critique'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown priority "critique"');
    expect(r.stderr).toMatch(/low, normal, high, urgent, medium, basse, normale, haute, urgente, scăzută.*Bloquante/);
    const fr = await runCli(['--lang', 'fr', 'update', '1', '--priority', 'critique'], { home });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('priorité inconnue « critique »');
    expect(JSON.parse((await runCli(['list', '--json'], { home })).stdout)).toEqual([]);
  });
});

describe('high and urgent need a justification', () => {
  it('off a terminal, none given: exit 2 naming --justification, in the user\'s language', async () => {
    const home = tempHome();
    const r = await runCli(['create', ...it_, '--priority', 'high'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--justification');
    expect(r.stderr).toContain('requireJustification false');
    const ro = await runCli(['--lang', 'ro', 'create', ...it_, '--priority', 'urgentă'], { home });
    expect(ro.code).toBe(2);
    expect(ro.stderr).toContain('O prioritate urgentă trebuie justificată: dați --justification TEXT.');
    const json = await runCli(['create', ...it_, '--priority', 'high', '--json'], { home });
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'usage', data: { flag: '--justification' } });
    expect(JSON.parse((await runCli(['list', '--json'], { home })).stdout)).toEqual([]);
  });

  it('given with --justification, it goes into the ticket as the wizard writes it', async () => {
    const home = tempHome();
    const r = await create(home, ['--priority', 'high', '--justification', '  Invoices   cannot go out ']);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse((await runCli(['show', '1', '--json'], { home })).stdout);
    expect(shown.comments[0].body).toBe('It jams.\n\n## Why this priority\n\nInvoices cannot go out\n');
    // A normal ticket carries no such section, even with the flag.
    const n = await create(home, ['--priority', 'normal', '--justification', 'x']);
    expect(JSON.parse((await runCli(['show', JSON.parse(n.stdout).id, '--json'], { home })).stdout).comments[0].body).toBe('It jams.');
  });

  it('on a terminal it is asked, and the answer is in the ticket', async () => {
    const home = tempHome();
    const p = new FakePrompter([['why is this urgent', 'The whole shop is stopped']]);
    const r = await runCli(['create', ...it_, '--priority', 'urgente', '--json'], { home, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const shown = JSON.parse((await runCli(['show', '1', '--json'], { home })).stdout);
    expect(shown).toMatchObject({ priority: 'urgent' });
    expect(shown.comments[0].body).toContain('## Why this priority\n\nThe whole shop is stopped');
  });

  it('requireJustification false lets it through (e.g. for CI)', async () => {
    const home = tempHome();
    const set = await runCli(['config', 'set', 'requireJustification', 'false'], { home });
    expect(set.code, set.stderr).toBe(0);
    const r = await create(home, ['--priority', 'high']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).priority).toBe('high');
    expect((await runCli(['config', 'set', 'requireJustification', 'maybe'], { home })).code).toBe(2);
  });

  it('`config set ciPriority` takes the same words and stores the normalized priority', async () => {
    const home = tempHome();
    const set = await runCli(['config', 'set', 'ciPriority', 'Majeure', '--json'], { home });
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ key: 'ciPriority', value: 'high' });
    const bad = await runCli(['config', 'set', 'ciPriority', 'soon'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ciPriority: unknown priority "soon"');
  });

  it('the wizard does not ask it either when the profile sets requireJustification false', async () => {
    const home = tempHome();
    expect((await runCli(['config', 'set', 'requireJustification', 'false'], { home })).code).toBe(0);
    const p = new FakePrompter(WIZARD_REST);
    const r = await runCli(['new', '-c', 'IT', '-s', 'Printer', '-b', 'It jams.', '-p', 'urgent', '--no-kb', '--no-diagnostics', '-t', 'incident', '--dry-run', '--json'], { home, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.messages().some((m) => /why is this/i.test(m))).toBe(false);
    expect(JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{'))!).ticket).toMatchObject({ priority: 'urgent', body: expect.not.stringContaining('Why this priority') });
  });

  it('`ticket new --justification` answers the wizard\'s question in advance', async () => {
    const home = tempHome();
    const p = new FakePrompter(WIZARD_REST);
    const r = await runCli(['new', '-c', 'IT', '-s', 'Printer', '-b', 'It jams.', '-p', 'haute', '--justification', 'Labels cannot be printed', '--no-kb', '--no-diagnostics', '-t', 'incident', '--dry-run', '--json'], { home, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.messages().some((m) => /why is this/i.test(m))).toBe(false);
    const shown = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{'))!);
    expect(shown.ticket).toMatchObject({ priority: 'high' });
    expect(shown.ticket.body).toContain('## Why this priority\n\nLabels cannot be printed');
  });
});

describe('the emergency contact on urgent filings', () => {
  function profile(home: string, extra: Record<string, unknown> = {}) {
    const dir = join(home, 'config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'work', profiles: { work: { backend: 'local', emergencyContact: 'Hotline +33 800 000 000', ...extra } } }),
      { mode: 0o600 },
    );
  }

  it('an urgent ticket that was filed still names the contact on stderr; a high one does not', async () => {
    const home = tempHome();
    profile(home);
    const r = await create(home, ['--priority', 'urgent', '--justification', 'Shop stopped']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Hotline +33 800 000 000');
    expect(r.stdout).not.toContain('Hotline');
    const fr = await runCli(['--lang', 'fr', 'create', ...it_, '--priority', 'urgente', '--justification', 'Arrêt'], { home });
    expect(fr.stderr).toContain('appelez aussi le contact d\'urgence : Hotline +33 800 000 000');
    const high = await create(home, ['--priority', 'high', '--justification', 'Slow']);
    expect(high.stderr).not.toContain('Hotline');
  });

  it('against an unreachable backend: named when queued, and when nothing could be queued', async () => {
    const home = tempHome();
    profile(home, { backend: 'rt', url: 'http://127.0.0.1:9', user: 'u', defaultCategory: 'General' });
    const env = { TICKET_BACKEND: 'rt', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'tok', TICKET_USER: 'u' };
    // The category cannot be checked: nothing is queued, the contact is named all the same.
    const r = await runCli(['create', '-c', 'General', '-s', 'Down', '-b', 'All down', '--priority', 'urgent', '--justification', 'Shop stopped'], { home, env });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Hotline +33 800 000 000');
    expect(outboxItems(home)).toEqual([]);
    const ro = await runCli(['--lang', 'ro', 'create', '-c', 'General', '-s', 'Down', '-b', 'All down', '--priority', 'urgentă', '--justification', 'Oprit'], { home, env });
    expect(ro.stderr).toContain('Contact de urgență: Hotline +33 800 000 000');
    // Queued to the outbox: the error names it.
    const backend = new MemoryBackend();
    backend.createTicket = async () => {
      throw new UnavailableError('Cannot reach the backend: ECONNREFUSED.', { data: { sent: false } });
    };
    const queued = await runCli(['create', ...it_, '--priority', 'urgent', '--justification', 'Shop stopped'], { home, backend });
    expect(queued.code).toBe(7);
    expect(queued.stderr).toContain('Hotline +33 800 000 000');
    expect(outboxItems(home)).toHaveLength(1);
    // Not urgent: no contact.
    const n = await runCli(['create', '-c', 'General', '-s', 'Down', '-b', 'All down'], { home, env });
    expect(n.code).toBe(5);
    expect(n.stderr).not.toContain('Hotline');
  });
});
