import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ValidationError } from '../../../../src/errors.js';
import { validateFields } from '../../../../src/forms/validate.js';
import { translator } from '../../../../src/i18n/messages.js';
import { runCli } from '../../../helpers/run-cli.js';
import { localBackend, tempHome } from '../../../helpers/local.js';

// Forms files (and the default forms) give labels, descriptions, hints and options per language:
// the user's language on screens, every language understood on input, the base wording in JSON.

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

const FORMS = `
categories:
  - id: SITE
    name: {en: Building works, fr: Travaux, ro: Lucrări}
    description:
      en: Repairs in the building
      fr: Réparations dans le bâtiment
      ro: Reparații în clădire
    fields:
      - key: floor
        label: {en: Floor, fr: Étage, ro: Etaj}
        type: select
        required: true
        options:
          - Ground
          - value: First
            label: {en: First floor, fr: Premier étage, ro: Etajul întâi}
      - key: room
        label: {en: Room number, fr: Numéro de salle, ro: Număr de cameră}
        required: true
        pattern: "^[0-9]{3}$"
        hint: {en: three digits, fr: trois chiffres, ro: trei cifre}
      - key: note
        label: Notiță
`;

function writeForms(text = FORMS) {
  mkdirSync(join(home, 'config'), { recursive: true });
  writeFileSync(join(home, 'config', 'forms.yaml'), text);
}

describe('a forms file with labels per language', () => {
  it('keeps the English wording as the base (JSON) and the others as translations', async () => {
    writeForms();
    const [c] = await localBackend(home).listCategories();
    expect(c).toMatchObject({ id: 'SITE', name: 'Building works', description: 'Repairs in the building' });
    expect(c.fields.map((f) => [f.key, f.label, f.hint ?? null])).toEqual([
      ['floor', 'Floor', null],
      ['room', 'Room number', 'three digits'],
      ['note', 'Notiță', null],
    ]);
    expect(c.fields[0].options).toEqual(['Ground', 'First']);
    expect(c.translations?.fields?.floor?.options?.First).toMatchObject({ fr: 'Premier étage', ro: 'Etajul întâi' });
    const json = JSON.parse((await runCli(['--lang', 'ro', 'categories', 'SITE', '--json'], { home })).stdout);
    const en = JSON.parse((await runCli(['categories', 'SITE', '--json'], { home })).stdout);
    expect(json).toEqual(en);
    expect(json.fields[0].label).toBe('Floor');
  });

  it('`categories` and `category show` speak the user language', async () => {
    writeForms();
    const list = await runCli(['--lang', 'ro', 'categories'], { home });
    expect(list.stdout).toBe('SITE  Lucrări  (3 câmpuri)\n');
    const show = (await runCli(['--lang', 'fr', 'category', 'site'], { home })).stdout;
    expect(show).toContain('Réparations dans le bâtiment');
    expect(show).toMatch(/floor {2}Étage {2}liste, obligatoire/);
    expect(show).toContain('valeurs : Ground, Premier étage');
    expect(show).toMatch(/note {2}Notiță/);
    expect(show).not.toMatch(/Floor|First floor|Repairs/);
  });

  it('accepts labels and options in any language, with or without diacritics', async () => {
    writeForms();
    const [c] = await localBackend(home).listCategories();
    // ro label, ro option without diacritics; fr label; cedilla and comma-below alike
    expect(validateFields(c, [['etaj', 'etajul intai'], ['Numéro de salle', '101']])).toEqual({ floor: 'First', room: '101' });
    expect(validateFields(c, [['Număr de cameră', '102'], ['floor', 'ETAJUL ÎNTÂI'], ['notita', 'x']])).toEqual({ floor: 'First', room: '102', note: 'x' });
    expect(validateFields(c, [['Floor', 'premier etage'], ['room', '103']])).toMatchObject({ floor: 'First' });
    // the category by its name in any language
    const r = await runCli(['create', '-c', 'lucrari', '-s', 's', '-b', 'b', '-f', 'etaj=Ground', '-f', 'camera=1'], { home });
    expect(r.stderr).toMatch(/Unknown field "camera" for category SITE/);
  });

  it('says what is wrong in the user language, with the English text in JSON', async () => {
    writeForms();
    const [c] = await localBackend(home).listCategories();
    const err = (() => {
      try {
        validateFields(c, [['floor', 'Roof'], ['room', '12']]);
      } catch (e) {
        return e as ValidationError;
      }
    })()!;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe(
      '2 problems:\n  - Floor: "Roof" is not one of the allowed values: Ground, First floor.\n  - Room number: "12" has the wrong format (three digits).',
    );
    expect(err.say(translator('ro')).message).toBe(
      '2 probleme:\n  - Etaj: „Roof” nu este una dintre valorile permise: Ground, Etajul întâi.\n  - Număr de cameră: „12” nu respectă formatul cerut (trei cifre).',
    );
    const fr = await runCli(['--lang', 'fr', 'create', '-c', 'SITE', '-s', 's', '-b', 'b', '-f', 'floor=Ground'], { home });
    expect(fr.stderr).toContain('erreur : Numéro de salle est obligatoire : ajoutez --field room=VALEUR.');
    const json = await runCli(['--lang', 'fr', '--json', 'create', '-c', 'SITE', '-s', 's', '-b', 'b', '-f', 'floor=Ground'], { home });
    expect(JSON.parse(json.stderr).error.message).toBe('Room number is required: add --field room=VALUE.');
  });

  it('refuses a language that is not a two-letter code, naming the place, in the user language', async () => {
    writeForms('categories: [{id: A, fields: [{key: x, label: {english: X}}]}]');
    const err = await localBackend(home).listCategories().catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/categories\[0\]\.fields\[0\]\.label\.english: expected a two-letter language code/);
    const r = await runCli(['--lang', 'ro', 'categories'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^eroare: Fișierul de formulare .* nu este valid: categories\[0\]/);
  });
});

describe('the default forms', () => {
  it('give every description, label, hint and option in French and Romanian', async () => {
    const cats = await localBackend(home).listCategories();
    for (const c of cats) {
      expect(c.translations?.description, c.id).toMatchObject({ fr: expect.any(String), ro: expect.any(String) });
      for (const f of c.fields) {
        const tr = c.translations?.fields?.[f.key];
        expect(tr?.label, `${c.id}.${f.key}`).toMatchObject({ en: f.label, fr: expect.any(String), ro: expect.any(String) });
        if (f.hint) expect(tr?.hint, `${c.id}.${f.key}.hint`).toMatchObject({ en: f.hint, fr: expect.any(String), ro: expect.any(String) });
      }
    }
    const ro = (await runCli(['--lang', 'ro', 'categories', 'IT'], { home })).stdout;
    expect(ro).toContain('Stații de lucru, imprimante');
    expect(ro).toContain('Stație / calculator');
    expect(ro).toContain('valori: Doar eu, Mai multe persoane, Toată locația');
  });

  it('take a Romanian option typed without diacritics, and store the base value', async () => {
    const dms = await localBackend(home).getCategory('DMS');
    expect(validateFields(dms, [['punct de lucru', 'Lyon'], ['tip de document', 'comanda de vanzare piese'], ['numar de document', '4242']])).toEqual({
      site: 'Lyon',
      document_type: 'Commande vente pièces',
      document_number: '4242',
    });
  });

  it('`update --field` takes the Romanian label and option too', async () => {
    const dms = ['-c', 'DMS', '-s', 'Stoc', '-b', 'b', '-f', 'site=Lyon', '-f', 'document_type=Commande atelier', '-f', 'document_number=4242'];
    expect((await runCli(['create', ...dms], { home })).code).toBe(0);
    const r = await runCli(['update', '1', '--field', 'Tip de document=Comanda de vanzare piese'], { home });
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse((await runCli(['show', '1', '--json'], { home })).stdout);
    expect(t.fields.document_type).toBe('Commande vente pièces');
  });
});
