import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fold, sameWord } from '../../../src/i18n/fold.js';
import { KnowledgeBase } from '../../../src/kb/engine.js';
import { parsePriority, parseStatus, parseType } from '../../../src/commands/shared/options.js';
import { resolveCategory } from '../../../src/forms/validate.js';
import type { Category } from '../../../src/model.js';

// Romanian is typed with comma-below letters (ș ț), with the older cedilla ones (ş ţ), or without
// diacritics: every input word is compared through one fold().

describe('fold', () => {
  it('makes the Romanian spellings meet: comma-below, cedilla and none', () => {
    const spellings = ['Ședință de lucru', 'Şedinţă de lucru', 'sedinta de lucru', 'SEDINȚA DE LUCRU ', 'ŞEDINŢĂ de lucru'];
    expect(new Set(spellings.map(fold))).toEqual(new Set(['sedinta de lucru']));
    expect(fold('Întârziere în câmp')).toBe('intarziere in camp');
    expect(fold('Établissement')).toBe('etablissement');
    expect(fold('cœur')).toBe('coeur');
    expect(sameWord('Soluționată', 'Solutionata')).toBe(true);
    expect(sameWord('Nou', 'Nouveau')).toBe(false);
  });

  it('is what --status, --priority and --type words go through', () => {
    expect(parsePriority(' NORMAL ')).toBe('normal');
    expect(parseStatus('On Hold')).toBe('on-hold');
    expect(parseType('Incidént')).toBe('incident');
  });

  it('finds a category by its name in any language, with or without diacritics', () => {
    const cats: Category[] = [
      { id: 'LUC', name: 'Works', fields: [], translations: { name: { ro: 'Lucrări de întreținere', fr: 'Travaux' } } },
      { id: 'IT', name: 'IT', fields: [] },
    ];
    expect(resolveCategory(cats, 'lucrari de intretinere').id).toBe('LUC');
    expect(resolveCategory(cats, 'Lucrări de întreţinere').id).toBe('LUC');
    expect(resolveCategory(cats, 'TRAVAUX').id).toBe('LUC');
    expect(() => resolveCategory(cats, 'Lucru')).toThrow(/Unknown category "Lucru"/);
  });
});

describe('knowledge-base search in Romanian', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ticket-fold-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds an article written with diacritics from a query without them, and the reverse', async () => {
    const dir = join(tmp, 'kb');
    mkdirSync(dir);
    writeFileSync(join(dir, 'factura.md'), '---\ntitle: Factură blocată în ședința de închidere\nlang: ro\n---\nDeschideți comanda și anulați închiderea lunară.\n');
    writeFileSync(join(dir, 'parola.md'), '---\ntitle: Parola a expirat\nlang: ro\n---\nSchimbati parola din setari.\n');
    const kb = await KnowledgeBase.open({ dir, cacheDir: join(tmp, 'cache') });
    const ids = (q: string) => kb.search(q, { limit: 5 }).map((a) => a.id);
    expect(ids('factura blocata sedinta')[0]).toBe('factura');
    expect(ids('Şedinţa închidere')[0]).toBe('factura');
    expect(ids('schimbați parola din setări')[0]).toBe('parola');
  });
});
