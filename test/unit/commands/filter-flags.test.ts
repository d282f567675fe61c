import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { addFilterFlags, filterFromFlags, hasFilter } from '../../../src/commands/shared/filter-flags.js';
import { translator } from '../../../src/i18n/messages.js';

// The filter flags of `list` and `bulk` are declared once (commands/shared/filter-flags.ts): the
// same filters select the same tickets; in bulk the status filter is --where-status.

const now = new Date('2026-12-01T12:00:00Z');

describe('list and bulk filters, declared once', () => {
  it('bulk filters on --where-status, never on --status (its change), and takes every match by default', () => {
    const f = filterFromFlags({ whereStatus: 'new,open', status: 'solved', category: 'IT', since: '7d' }, 'bulk', now);
    expect(f).toMatchObject({ status: ['new', 'open'], category: 'IT', limit: 0, sort: 'created', since: '2026-11-24T12:00:00.000Z' });
    expect(hasFilter({ status: 'solved', limit: '5' }, 'bulk')).toBe(false);
    expect(hasFilter({ mine: true }, 'bulk')).toBe(true);
    expect(filterFromFlags({ status: 'pending' }, 'list', now)).toMatchObject({ status: ['pending'], limit: 30 });
  });

  it('list has --sort and -L, bulk has --where-status: each command gets its own flag names', () => {
    const t = translator('en');
    const names = (c: Command) => c.options.map((o) => o.long);
    const list = addFilterFlags(new Command('list'), 'list', t);
    const bulk = addFilterFlags(new Command('bulk'), 'bulk', t);
    expect(names(list)).toEqual(['--status', '--category', '--requester', '--mine', '--since', '--search', '--sort', '--query', '--limit']);
    expect(names(bulk)).toEqual(['--where-status', '--category', '--requester', '--mine', '--since', '--search', '--query', '--limit']);
  });

  it('the same filters select the same tickets in list and in bulk', async () => {
    const home = tempHome();
    for (const s of ['Imprimante', 'Facture', 'Écran']) expect((await runCli(['create', '-c', 'IT', '-s', s, '-b', 'x'], { home })).code).toBe(0);
    expect((await runCli(['close', '2'], { home })).code).toBe(0);
    const listed = JSON.parse((await runCli(['list', '--category', 'IT', '--status', 'new', '--json'], { home })).stdout) as { id: string }[];
    const planned = (await runCli(['bulk', '--category', 'IT', '--where-status', 'new', '--status', 'solved', '--dry-run'], { home })).stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(listed.map((t) => t.id).sort()).toEqual(planned.sort());
    expect(planned).toHaveLength(2);
  });
});
