import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli, tempHome } from '../../helpers/run-cli.js';

// Status vocabularies of a forms file (docs/forms.md "Statuses"), through the CLI on the local backend.

const SAGE = fileURLToPath(new URL('../../../docs/examples/sage-forms.yaml', import.meta.url));
const BOCP = fileURLToPath(new URL('../../../docs/examples/bocp-forms.yaml', import.meta.url));

async function portal(file: string, category: string, fields: string[] = []) {
  const home = tempHome('ticket-vocab-');
  const run = (argv: string[], o: { tty?: boolean } = {}) => runCli(argv, { home, ...o });
  expect((await run(['config', 'set', 'formsFile', file])).code).toBe(0);
  const created = await run(['create', '--category', category, '--subject', 'Écran bloqué', '--body', 'Détails', ...fields.flatMap((f) => ['--field', f]), '--json']);
  expect(created.code, created.stderr).toBe(0);
  return { run, id: JSON.parse(created.stdout).id as string, created: JSON.parse(created.stdout) };
}

describe('a Sage status vocabulary', () => {
  it('a new ticket is "Nouveau"; update --status Escalade stores the portal status; list and show find it', async () => {
    const { run, id, created } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    expect(created).toMatchObject({ status: 'new', backendStatus: 'Nouveau' });
    const up = await run(['update', id, '--status', 'Escalade', '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ status: 'open', backendStatus: 'Escalade', action: 'updated' });
    const shown = JSON.parse((await run(['show', id, '--json'])).stdout);
    expect(shown).toMatchObject({ status: 'open', backendStatus: 'Escalade' });
    const listed = await run(['list', '--status', 'escalade', '--json']);
    expect(JSON.parse(listed.stdout).map((t: { id: string }) => t.id)).toEqual([id]);
    // "En cours" is open too, but not this ticket's status; `open` finds every open one.
    expect(JSON.parse((await run(['list', '--status', 'en cours', '--json'])).stdout)).toEqual([]);
    expect(JSON.parse((await run(['list', '--status', 'open', '--json'])).stdout).map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it('tables show the label in the user language; show says the portal status', async () => {
    const { run, id } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    await run(['update', id, '--status', 'Correction prochaine MàJ']);
    const en = await run(['list'], { tty: true });
    expect(en.stdout).toContain('Fix in the next update');
    const fr = await run(['--lang', 'fr', 'list'], { tty: true });
    expect(fr.stdout).toContain('Correction prochaine MàJ');
    const ro = await run(['--lang', 'ro', 'show', id], { tty: true });
    expect(ro.stdout).toContain('Corecție în următoarea actualizare (Correction prochaine MàJ)');
    const plain = await run(['show', id]);
    expect(plain.stdout).toContain('backendStatus:\tCorrection prochaine MàJ');
    expect(plain.stdout).toContain('status:\ton-hold');
  });

  it('a label without accents, in any language, names the same status', async () => {
    const { run, id } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    const up = await run(['update', id, '--status', 'en attente developpement', '--json']);
    expect(JSON.parse(up.stdout)).toMatchObject({ status: 'on-hold', backendStatus: 'En attente développement' });
    const en = await run(['update', id, '--status', 'reactivated', '--json']);
    expect(JSON.parse(en.stdout)).toMatchObject({ status: 'open', backendStatus: 'Réactivation Ticket' });
  });

  it('a normalized status sets the first status of the vocabulary that means it', async () => {
    const { run, id } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    expect(JSON.parse((await run(['update', id, '--status', 'on-hold', '--json'])).stdout)).toMatchObject({ backendStatus: 'En attente développement' });
    expect(JSON.parse((await run(['update', id, '--status', 'pending', '--json'])).stdout)).toMatchObject({ backendStatus: 'En attente de votre réponse' });
    expect(JSON.parse((await run(['close', id, '--json'])).stdout)).toMatchObject({ status: 'solved', backendStatus: 'Résolue' });
    // Reopened: the default for open. Already open: `--status open` leaves an escalated ticket escalated.
    expect(JSON.parse((await run(['reopen', id, '--json'])).stdout)).toMatchObject({ status: 'open', backendStatus: 'En cours' });
    await run(['update', id, '--status', 'Escalade']);
    expect(JSON.parse((await run(['update', id, '--status', 'open', '--json'])).stdout)).toMatchObject({ status: 'open', backendStatus: 'Escalade' });
    expect(JSON.parse((await run(['update', id, '--status', 'En cours', '--json'])).stdout)).toMatchObject({ status: 'open', backendStatus: 'En cours' });
  });

  it('an unknown label is exit 2 naming the vocabulary, and nothing changes', async () => {
    const { run, id } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    const r = await run(['update', id, '--status', 'Escaladé2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--status: unknown status "Escaladé2". Did you mean "Escalade"?');
    expect(r.stderr).toContain('Nouveau, En cours, En attente de votre réponse, Escalade, En attente développement, Résolue, Clos, Correction prochaine MàJ, Réactivation Ticket, En suspens client');
    const json = await run(['update', id, '--status', 'bogus', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error.code).toBe('usage');
    expect(JSON.parse((await run(['show', id, '--json'])).stdout).backendStatus).toBe('Nouveau');
  });

  it('doctor lists the vocabulary as what writes can set', async () => {
    const { run } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    const r = await run(['doctor', '--json']);
    const caps = JSON.stringify(JSON.parse(r.stdout));
    expect(caps).toContain('{"status":"open","backendStatus":"Escalade"}');
  });

  it('bulk: --where-status takes a label, --status sets one', async () => {
    const { run, id } = await portal(SAGE, 'COMPTA', ['module=Saisie']);
    await run(['update', id, '--status', 'Escalade']);
    const r = await run(['bulk', '--where-status', 'escalade', '--status', 'En suspens client', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse((await run(['show', id, '--json'])).stdout)).toMatchObject({ status: 'pending', backendStatus: 'En suspens client' });
    const again = await run(['bulk', '--ids', id, '--status', 'en suspens client']);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ action: 'unchanged' });
  });
});

describe('the BOCP vocabulary, in Romanian', () => {
  it('labels with or without diacritics; tables in Romanian; a status it does not have is refused', async () => {
    const { run, id, created } = await portal(BOCP, 'APLICATIE', ['modul=Stocuri']);
    expect(created).toMatchObject({ status: 'new', backendStatus: 'Nepreluat' });
    expect(JSON.parse((await run(['update', id, '--status', 'Se procesează', '--json'])).stdout)).toMatchObject({ status: 'open', backendStatus: 'Se proceseaza' });
    expect(JSON.parse((await run(['update', id, '--status', 'intrebare la client', '--json'])).stdout)).toMatchObject({ status: 'pending', backendStatus: 'Intrebare la client' });
    const ro = await run(['--lang', 'ro', 'list', '--status', 'Întrebare la client'], { tty: true });
    expect(ro.stdout).toContain('Întrebare la client');
    // BOCP has no on-hold status: refused before anything is sent, naming what it has.
    const r = await run(['--lang', 'ro', 'update', id, '--status', 'on-hold']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('new (Nepreluat), open (Se proceseaza), pending (Intrebare la client), solved (Solutionata)');
    const bad = await run(['--lang', 'ro', 'update', id, '--status', 'Rezolvata']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('starea „Rezolvata” este necunoscută');
    expect(bad.stderr).toContain('Nepreluat, Se proceseaza, Intrebare la client, Solutionata');
  });
});
