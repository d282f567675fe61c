import { describe, expect, it } from 'vitest';
import { FakePrompter, ctrlC } from '../../helpers/fake-prompter.js';
import { drafts, home, runTty } from '../../helpers/wizard.js';

// The wizard on the local backend's default forms in French and Romanian: the forms' own words in
// the user's language, answers understood in any language and without diacritics, and cancelling
// said plainly (not as an error).

describe('ticket new in the user language (default forms)', () => {
  it('Romanian: labels, options and hints in Romanian; --field in Romanian without diacritics; Ctrl-C keeps the draft', async () => {
    const h = home();
    const p = new FakePrompter([
      ['Societate (opțional)', ''],
      ['Punct de lucru', ctrlC()],
    ]);
    const r = await runTty(
      ['--lang', 'ro', 'new', '-c', 'dms', '-s', 'Stoc gresit', '--no-kb', '--no-diagnostics', '-f', 'tip de document=comanda de vanzare piese', '-f', 'numar de document=4242'],
      { prompter: p, home: h },
    );
    expect(r.code).toBe(130);
    expect(p.unused()).toEqual([]);
    const site = p.asked.find((a) => a.message === 'Punct de lucru')!;
    expect(site.choices).toEqual(['Paris', 'Lyon', 'Marseille', 'Bordeaux']);
    const [file] = drafts(h);
    const id = file.replace(/\.json$/, '');
    expect(r.stderr).toContain(`Anulat — ciorna a fost păstrată: \`ticket new --resume ${id}\`\n`);
    expect(r.stderr).not.toMatch(/eroare|error|Annulé|Cancelled/i);
  });

  it('French: the cancel line names the draft, without "erreur"', async () => {
    const h = home();
    const p = new FakePrompter([['Sujet', 'Imprimante hors ligne'], ['Poste / machine', ctrlC()]]);
    const r = await runTty(['--lang', 'fr', 'new', '-c', 'IT', '--no-kb', '--no-diagnostics'], { prompter: p, home: h });
    expect(r.code).toBe(130);
    const id = drafts(h)[0].replace(/\.json$/, '');
    expect(r.stderr).toContain(`Annulé — brouillon conservé : \`ticket new --resume ${id}\``);
    expect(r.stderr).not.toMatch(/erreur/);
    // the IT field hint in French
    expect(p.asked.find((a) => a.message.startsWith('Poste / machine'))!.message).toContain("[Nom de l'ordinateur ou numéro d'inventaire");
  });

  it('Romanian: a wrong answer is re-asked in Romanian, options by their Romanian label', async () => {
    const h = home();
    const p = new FakePrompter([
      ['Societate (opțional)', ''],
      ['Punct de lucru', 'Lyon'],
      // chosen by its Romanian name (the stored value stays the forms' own)
      ['Tip de document', 'Comandă de atelier'],
      ['Număr de document', '12'],
      ['Număr de document', ctrlC()],
    ]);
    const r = await runTty(['--lang', 'ro', 'new', '-c', 'DMS', '-s', 'Comanda blocata', '--no-kb', '--no-diagnostics'], { prompter: p, home: h });
    expect(r.code).toBe(130);
    expect(p.asked.find((a) => a.message === 'Tip de document')!.choices).toEqual(['Commande atelier', 'Commande vente pièces']);
    expect(p.rejected).toEqual(['Număr de document: „12” nu respectă formatul cerut (între 4 și 10 cifre).']);
  });
});
