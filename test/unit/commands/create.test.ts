import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';

const dms = ['-c', 'DMS', '-s', 'Order total wrong', '-b', 'The total is off by 2 €', '-f', 'site=Paris', '-f', 'Type de document=Commande atelier', '-f', 'document_number=123456'];

describe('ticket create: validation before anything is written', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown category, with a suggestion', ['-c', 'DSM', '-s', 'x', '-b', 'y'], /Unknown category "DSM". Did you mean "DMS"\?/],
    ['unknown field, with a suggestion', [...dms, '-f', 'sitte=Lyon'], /Unknown field "sitte".*Did you mean "site"\?/],
    ['missing required field', ['-c', 'DMS', '-s', 'x', '-b', 'y', '-f', 'site=Paris', '-f', 'document_number=1234'], /Type de document is required: add --field document_type=VALUE/],
    ['value not among the options', ['-c', 'DMS', '-s', 'x', '-b', 'y', '-f', 'site=Nice', '-f', 'document_type=Commande atelier', '-f', 'document_number=1234'], /"Nice" is not one of the allowed values: Paris, Lyon, Marseille, Bordeaux/],
    ['pattern mismatch', ['-c', 'DMS', '-s', 'x', '-b', 'y', '-f', 'site=Paris', '-f', 'document_type=Commande atelier', '-f', 'document_number=12a'], /Numéro de document: "12a" has the wrong format \(4 to 10 digits\)/],
    ['subject over the limit', ['-c', 'IT', '-s', 'x'.repeat(151), '-b', 'y'], /subject is 151 characters long; the limit is 150/],
    ['malformed cc', ['-c', 'IT', '-s', 'x', '-b', 'y', '--cc', 'not-an-email'], /"not-an-email" is not a valid e-mail address/],
    ['attachment missing', ['-c', 'IT', '-s', 'x', '-b', 'y', '--attach', '/nonexistent/file.png'], /\/nonexistent\/file.png does not exist/],
    ['bad priority', ['-c', 'IT', '-s', 'x', '-b', 'y', '-p', 'critical'], /unknown priority "critical"/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const backend = new MemoryBackend();
      const r = await runCli(['create', ...args], { backend });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(backend.writes()).toEqual([]);
    });
  }

  it('attachment that is a directory or over the size limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'att-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'big.log'), 'x'.repeat(2048));
    const backend = new MemoryBackend();
    const a = await runCli(['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--attach', join(dir, 'sub')], { backend });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/is a directory/);
    const b = await runCli(['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--attach', join(dir, 'big.log')], { backend });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/2\.0 KB; the backend accepts at most 1\.0 KB per file/);
    expect(backend.writes()).toEqual([]);
  });

  it('select values match case- and accent-insensitively and labels work as keys', async () => {
    const backend = new MemoryBackend();
    const r = await runCli(['create', '-c', 'dms', '-s', 'x', '-b', 'y', '-f', 'ÉTABLISSEMENT=paris', '-f', 'type de document=commande VENTE pieces', '-f', 'document_number=0042'], { backend, env: {} });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const input = backend.calls.find((c) => c.method === 'createTicket')!.args[0] as { fields: Record<string, unknown>; category: string };
    expect(input.category).toBe('DMS');
    expect(input.fields).toEqual({ site: 'Paris', document_type: 'Commande vente pièces', document_number: '0042' });
  });

  it('missing inputs without a terminal is a usage error naming the flags', async () => {
    const backend = new MemoryBackend();
    const r = await runCli(['create', '-c', 'IT'], { backend });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing --subject, --body or --body-file/);
    expect(backend.writes()).toEqual([]);
  });

  it('JSON errors on stderr with --json', async () => {
    const r = await runCli(['create', '--json', '-c', 'Nope', '-s', 'x', '-b', 'y'], { backend: new MemoryBackend() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr);
    expect(err.error).toMatchObject({ code: 'validation', retryable: false });
    expect(err.error.hint).toMatch(/Valid categories: DMS, IT/);
  });
});

describe('ticket create: success', () => {
  it('prints the id when piped and the Ticket JSON with --json', async () => {
    const backend = new MemoryBackend();
    const plain = await runCli(['create', ...dms], { backend });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('1\n');
    const json = await runCli(['create', '--json', ...dms, '--cc', 'Boss@Example.com', '--tag', 'x'], { backend });
    const t = JSON.parse(json.stdout);
    expect(t).toMatchObject({ id: '2', status: 'new', priority: 'normal', category: 'DMS', cc: ['boss@example.com'], tags: ['x'], action: 'created' });
  });

  it('reads the body from standard input with --body-file -', async () => {
    const backend = new MemoryBackend();
    const r = await runCli(['create', '-c', 'IT', '-s', 'Build broken', '--body-file', '-'], { backend, stdin: 'line 1\nline 2\n' });
    expect(r.code).toBe(0);
    expect((backend.calls.find((c) => c.method === 'createTicket')!.args[0] as { body: string }).body).toBe('line 1\nline 2\n');
  });

  it('--dry-run validates and prints what would be sent, writing nothing', async () => {
    const backend = new MemoryBackend();
    const r = await runCli(['create', '--dry-run', ...dms], { backend });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dryRun: true, ticket: { subject: 'Order total wrong', fields: { site: 'Paris' } } });
    expect(backend.writes()).toEqual([]);
  });

  it('--dedupe-key adds the body to the open ticket instead of creating another', async () => {
    const backend = new MemoryBackend();
    const a = await runCli(['create', '--json', '-c', 'IT', '-s', 'Nightly failed', '-b', 'run 1', '--dedupe-key', 'nightly'], { backend });
    const b = await runCli(['create', '--json', '-c', 'IT', '-s', 'Nightly failed', '-b', 'run 2', '--dedupe-key', 'nightly'], { backend });
    expect(JSON.parse(a.stdout).action).toBe('created');
    expect(JSON.parse(b.stdout)).toMatchObject({ id: JSON.parse(a.stdout).id, action: 'commented' });
    expect(backend.calls.filter((c) => c.method === 'createTicket')).toHaveLength(1);
    expect(backend.tickets.get('1')!.comments!.map((c) => c.body)).toEqual(['run 1', 'run 2']);
  });
});
