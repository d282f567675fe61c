// `ticket new` in a real terminal (tmux), on the built binary and the embedded local backend.
// Needs tmux (`.ci/run` installs it) and `npm run build` (done here when dist/ is missing).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, TmuxSession, tmuxAvailable } from './tmux.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const haveTmux = tmuxAvailable();
// Under CI a missing tmux is a failure, not a skip.
const run = haveTmux || process.env.CI ? describe : describe.skip;

function ticket(home: string, args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C' },
    timeout: 20_000,
  });
}

function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TICKET_HOME: home, TERM: 'xterm-256color', LANG: 'C', NO_COLOR: '1', ...extra };
}

const SECTIONS_EN: [string, string][] = [
  ['What did you want to do?', 'Invoice workshop order 123456'],
  ['What result did you expect?', 'An invoice'],
  ['What happened instead?', 'Error E042: document not found'],
  ['Steps to reproduce', ''],
  ['Since when?', 'Since Monday'],
  ['How many users are affected?', 'My team'],
  ['Can you reproduce it on another machine or database?', 'Not tried'],
  ['What have you already tried?', 'Restarted'],
];

run('ticket new in a terminal (tmux)', () => {
  let session: TmuxSession | null = null;
  let n = 0;
  const open = (home: string, args: string[], extra: Record<string, string> = {}) => {
    session = new TmuxSession(String(++n));
    session.start(args, env(home, extra));
    return session;
  };

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  afterEach(() => {
    session?.kill();
    session = null;
  });

  const home = () => mkdtempSync(join(tmpdir(), 'ticket-tmux-'));

  it('files a DMS ticket from start to finish', async () => {
    const h = home();
    const shot = join(h, 'screenshot.png');
    writeFileSync(shot, 'png');
    // $EDITOR for long answers: a script that writes two numbered steps into the file it is given.
    const editor = join(h, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "1. Open the order\\n2. Click Invoice\\n" > "$1"\n', { mode: 0o755 });
    const s = open(h, ['new'], { EDITOR: editor });
    await s.answer('Which category is your request about?', 'DMS');
    await s.waitFor('Check: Local runtime answers');
    await s.answer('Subject', 'Workshop order cannot be invoiced');
    await s.answer('Read one of them?', 'None of these');
    await s.answer('Société', 'Garage Martin');
    await s.answer('Établissement', 'Lyon');
    await s.answer('Type de document', 'Commande atelier');
    await s.answer('Numéro de document', '123456');
    await s.answer('Accès au rapport', '');
    for (const [q, a] of SECTIONS_EN) await s.answer(q, q === 'Steps to reproduce' ? ':e' : a);
    await s.answer('How much does this stop you?', 'I cannot do my task');
    await s.answer('In one line: why is this high?', 'Invoicing blocked for the workshop');
    await s.answer('What kind of request is it?', 'An incident');
    await s.answer('File to attach', shot);
    await s.answer('Another file to attach', '');
    await s.answer('Copy someone?', 'boss@example.com');
    await s.answer('Your name', 'Jane Doe');
    await s.answer('Your e-mail address', 'jane@example.com');
    await s.answer('Your phone number', '');
    await s.waitFor('Your ticket');
    await s.answer('What now?', 'Submit');
    expect(await s.exitCode()).toBe(0);
    expect(s.screen()).toMatch(/Created ticket #1/);
    const t = JSON.parse(ticket(h, ['show', '1', '--json']));
    expect(t).toMatchObject({ category: 'DMS', priority: 'high', type: 'incident', cc: ['boss@example.com'] });
    expect(t.fields).toMatchObject({ company: 'Garage Martin', site: 'Lyon', document_type: 'Commande atelier', document_number: '123456' });
    const body: string = t.comments[0].body;
    expect(body).toContain('Error E042: document not found');
    expect(body).toContain('## Steps to reproduce\n\n1. Open the order\n2. Click Invoice');
    expect(body).toMatch(/## Diagnostics[\s\S]*dms-check-ok/);
    expect(t.comments[0].attachments.map((a: { name: string }) => a.name)).toEqual(['screenshot.png']);
    expect(readdirSync(join(h, 'state', 'drafts')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('ends without a ticket when an article solves the problem', async () => {
    const h = home();
    const s = open(h, ['new', '--no-diagnostics']);
    await s.answer('Which category is your request about?', 'DMS');
    await s.answer('Subject', 'Commande atelier bloquée');
    await s.waitFor('These articles may answer your question');
    await s.answer('Read one of them?', 'Read: Commande atelier');
    await s.answer('Did this solve your problem?', 'y');
    expect(await s.exitCode()).toBe(0);
    expect(s.screen()).toContain('No ticket was created.');
    expect(JSON.parse(ticket(h, ['list', '--json']))).toEqual([]);
    expect(ticket(h, ['doctor', '--no-checks'])).toMatch(/knowledge base on this machine: 1/);
  });

  it('re-asks an invalid document number, saying what is wrong', async () => {
    const h = home();
    const s = open(h, ['new', '-c', 'DMS', '-s', 'Order locked', '--no-kb', '--no-diagnostics', '-f', 'site=Paris', '-f', 'document_type=Commande atelier']);
    await s.answer('Société', '');
    await s.answer('Numéro de document', '12a');
    await s.waitFor('Numéro de document: "12a" has the wrong format (4 to 10 digits).');
    s.keys('BSpace', 'BSpace', 'BSpace');
    s.type('4242');
    s.keys('Enter');
    await s.waitFor('✔ Numéro de document');
    expect(s.screen()).toMatch(/✔ Numéro de document.*4242/);
    await s.waitFor('? Accès au rapport');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
  });

  it('Ctrl-C in the middle keeps the draft; --resume finishes the same ticket', async () => {
    const h = home();
    const s = open(h, ['new', '--no-diagnostics', '--no-kb']);
    await s.answer('Which category is your request about?', 'DMS');
    await s.answer('Subject', 'Parts order total wrong');
    await s.answer('Société', '');
    await s.answer('Établissement', 'Bordeaux');
    await s.waitFor('? Type de document');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const screen = s.screen();
    const m = /ticket new --resume ([^\s`]+)/.exec(screen);
    expect(m, screen).not.toBeNull();
    expect(screen).not.toMatch(/at .*\.(ts|js):\d+/);
    s.kill();

    const r = open(h, ['new', '--resume']);
    await r.waitFor(`Resuming the draft ${m![1]} (Parts order total wrong)`);
    await r.answer('Type de document', 'Commande vente');
    await r.answer('Numéro de document', '777777');
    await r.answer('Accès au rapport', '');
    for (const [q, a] of SECTIONS_EN) await r.answer(q, a);
    await r.answer('How much does this stop you?', 'There is a workaround');
    await r.answer('What kind of request is it?', 'An incident');
    await r.answer('File to attach', '');
    await r.answer('Copy someone?', '');
    await r.answer('Your name', 'Jane');
    await r.answer('Your e-mail address', '');
    await r.answer('Your phone number', '');
    await r.answer('What now?', 'Submit');
    expect(await r.exitCode()).toBe(0);
    const t = JSON.parse(ticket(h, ['show', '1', '--json']));
    expect(t).toMatchObject({ subject: 'Parts order total wrong', priority: 'normal' });
    expect(t.fields).toMatchObject({ site: 'Bordeaux', document_type: 'Commande vente pièces', document_number: '777777' });
    expect(JSON.parse(ticket(h, ['drafts', 'list', '--json']))).toEqual([]);
  });

  it('SIGTERM and a closed terminal (SIGHUP) keep the draft', async () => {
    const h = home();
    const s = open(h, ['new', '--no-diagnostics', '--no-kb', '-c', 'IT']);
    await s.answer('Subject', 'Stopped by SIGTERM');
    await s.waitFor('? Poste / machine');
    process.kill(s.ticketPid(), 'SIGTERM');
    expect(await s.exitCode()).toBe(130);
    expect(s.screen()).toMatch(/Resume with: ticket new --resume \S+/);
    s.kill();

    const t = open(h, ['new', '--no-diagnostics', '--no-kb', '-c', 'IT']);
    await t.answer('Subject', 'Stopped by SIGHUP');
    await t.waitFor('? Poste / machine');
    const pid = t.ticketPid();
    t.kill(); // the terminal goes away: SIGHUP
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = JSON.parse(ticket(h, ['drafts', 'list', '--json'])) as { subject: string }[];
    expect(list.map((d) => d.subject).sort()).toEqual(['Stopped by SIGHUP', 'Stopped by SIGTERM']);
  });

  it('speaks French with --lang fr', async () => {
    const h = home();
    const s = open(h, ['--lang', 'fr', 'new', '-c', 'DMS', '-f', 'site=Lyon', '-f', 'document_type=Commande atelier', '-f', 'document_number=123456', '-f', 'company=', '-f', 'report_path=', '-b', 'La facture ne sort pas.']);
    await s.waitFor('Étape 2/8 : Diagnostic');
    await s.answer('Sujet (un résumé court, 150 caractères au plus)', 'Commande atelier bloquée');
    await s.waitFor('Ces articles peuvent répondre à votre question');
    await s.answer('En lire un ?', 'Lire : Commande atelier');
    // Yes/no in French is a choice (inquirer's confirm only knows y/yes).
    await s.answer('Cela a-t-il résolu votre problème ?', 'Non');
    await s.waitFor('✔ Cela a-t-il résolu votre problème ? Non');
    await s.answer('En lire un ?', 'Aucun');
    await s.answer('À quel point cela vous bloque-t-il ?', 'Il existe');
    await s.answer('De quel type de demande s\'agit-il ?', 'Une question');
    await s.answer('Fichier à joindre', '');
    await s.answer('Mettre quelqu\'un en copie ?', '');
    await s.answer('Votre nom', 'Jeanne');
    await s.answer('Votre adresse e-mail', '');
    await s.answer('Votre téléphone', '');
    await s.waitFor('Votre ticket');
    await s.answer('Et maintenant ?', 'Envoyer');
    expect(await s.exitCode()).toBe(0);
    const t = JSON.parse(ticket(h, ['show', '1', '--json']));
    expect(t).toMatchObject({ subject: 'Commande atelier bloquée', type: 'question' });
    expect(t.comments[0].body).toMatch(/## Diagnostic\n/);
  });
});
