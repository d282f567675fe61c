// `ticket new --lang ro` in a real terminal (tmux), on the built binary and the embedded local
// backend: every screen of the wizard in Romanian (the default forms' Romanian labels, not their
// French or English words), then `list` and `show` of the ticket it filed. Cancelling says so in
// Romanian, without "error".
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, TmuxSession, tmuxAvailable } from './tmux.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = tmuxAvailable() || process.env.CI ? describe : describe.skip;

function ticket(home: string, args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C' },
    timeout: 20_000,
  });
}

function env(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TICKET_HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '1' };
}

run('ticket new --lang ro in a terminal (tmux)', () => {
  let session: TmuxSession | null = null;
  let n = 0;
  const open = (home: string, args: string[]) => {
    session = new TmuxSession(`ro-${++n}`);
    session.start(['--lang', 'ro', ...args], env(home));
    return session;
  };
  const home = () => mkdtempSync(join(tmpdir(), 'ticket-tmux-ro-'));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  afterEach(() => {
    session?.kill();
    session = null;
  });

  it('files a DMS ticket in Romanian from start to finish; list and show find it', async () => {
    const h = home();
    const s = open(h, ['new']);
    // 1 category: the Romanian description of the highlighted category.
    await s.waitFor('? La ce categorie se referă cererea dumneavoastră?');
    await s.waitFor('Pasul 1/8: Categorie');
    s.type('DMS');
    await s.waitFor('Sistemul de gestiune al dealerului');
    s.keys('Enter');
    // 2 diagnostics, 3 subject and knowledge base
    await s.waitFor('Pasul 2/8: Diagnosticare');
    await s.answer('Subiect (un rezumat scurt, cel mult 150 caractere)', 'Comanda atelier blocata');
    const kb = await s.waitFor(/\? Citiți unul dintre ele\?|\? Societate/);
    if (kb.includes('? Citiți unul dintre ele?')) await s.answer('Citiți unul dintre ele?', 'Niciunul');
    // 4 the DMS fields, with their Romanian labels and options
    await s.answer('Societate (opțional)', '');
    await s.answer('Punct de lucru', 'Lyon');
    await s.waitFor('? Tip de document');
    await s.waitFor('Comandă de vânzare piese');
    // Typed without diacritics: the select still finds "Comandă de vânzare piese".
    await s.answer('Tip de document', 'comanda de v');
    await s.answer('Număr de document [între 4 și 10 cifre]', '12a');
    await s.waitFor('Număr de document: „12a” nu respectă formatul cerut (între 4 și 10 cifre).');
    s.keys('BSpace', 'BSpace', 'BSpace');
    s.type('4242');
    s.keys('Enter');
    await s.answer('Acces la raport (opțional)', '');
    // the description sections
    await s.answer('Ce ați vrut să faceți?', 'Facturarea comenzii 4242');
    await s.answer('Ce rezultat așteptați?', 'O factura');
    await s.answer('Ce s-a întâmplat în schimb?', 'Eroare E042');
    await s.answer('Pași pentru reproducere', '');
    await s.answer('De când?', '');
    await s.answer('Câți utilizatori sunt afectați?', 'Echipa');
    await s.answer('Se reproduce pe alt calculator sau altă bază de date?', 'nu am incercat');
    await s.answer('Ce ați încercat deja?', '');
    // 5 priority, 6 type, attachments, contact
    await s.answer('Cât de mult vă blochează?', 'Exista o solutie');
    await s.answer('Ce fel de cerere este?', 'Un incident');
    await s.answer('Fișier de atașat', '');
    await s.answer('Puneți pe cineva în copie?', '');
    await s.answer('Numele dumneavoastră', 'Ana Popescu');
    await s.answer('Adresa de e-mail', '');
    await s.answer('Telefon', '');
    // 8 review: the answers with their Romanian labels
    await s.waitFor('Tichetul dumneavoastră');
    const review = await s.waitFor('? Ce urmează?');
    expect(review).toMatch(/Punct de lucru\s+Lyon/);
    expect(review).toMatch(/Tip de document\s+Comandă de vânzare piese/);
    expect(review).toMatch(/Număr de document\s+4242/);
    expect(review).toMatch(/Prioritate\s+normală/);
    await s.answer('Ce urmează?', 'Trimite');
    expect(await s.exitCode()).toBe(0);
    const screen = s.screen();
    // No French field label and no English category description on the Romanian screens.
    for (const other of ['Établissement', 'Type de document', 'Numéro de document', 'Dealer management system', 'Which category']) {
      expect(screen).not.toContain(other);
    }

    // The stored values stay the forms' own (JSON does not change with the language).
    const t = JSON.parse(ticket(h, ['--lang', 'ro', 'show', '1', '--json']));
    expect(t).toMatchObject({ subject: 'Comanda atelier blocata', category: 'DMS', priority: 'normal' });
    expect(t.fields).toMatchObject({ site: 'Lyon', document_type: 'Commande vente pièces', document_number: '4242' });
    expect(t.comments[0].body).toContain('## Ce am vrut să fac\n\nFacturarea comenzii 4242');
    expect(t.comments[0].body).toContain('## Utilizatori afectați\n\nEchipa mea');
    expect(t.comments[0].body).toContain('## Reproductibil pe alt calculator sau altă bază\n\nNu am încercat');

    const list = ticket(h, ['--lang', 'ro', 'list']);
    expect(list).toMatch(/\b1\b.*Comanda atelier blocata/);
    const show = ticket(h, ['--lang', 'ro', 'show', '1']);
    expect(show).toContain('Comanda atelier blocata');
    expect(show).toContain('Ce am vrut să fac');
  });

  it('Ctrl-C says "Anulat — ciorna a fost păstrată" (not an error) and exits 130', async () => {
    const h = home();
    const s = open(h, ['new', '-c', 'DMS', '--no-kb', '--no-diagnostics', '-s', 'Raport gresit']);
    await s.answer('Societate (opțional)', '');
    await s.waitFor('? Punct de lucru');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const screen = s.screen();
    const m = /Anulat — ciorna a fost păstrată: `ticket new --resume ([^\s`]+)`/.exec(screen);
    expect(m, screen).not.toBeNull();
    expect(screen).not.toMatch(/eroare|error/i);
    const drafts = JSON.parse(ticket(h, ['drafts', 'list', '--json'])) as { id: string; subject: string }[];
    expect(drafts.map((d) => [d.id, d.subject])).toEqual([[m![1], 'Raport gresit']]);
  });
});
