import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { messageTables } from '../../../src/i18n/messages.js';

// The catalogue is complete: every key has a non-empty message in every language, with the same
// placeholders, and no two area files define the same key (a spread would silently keep one).

const tables = await messageTables();
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  for (const lang of ['fr', 'ro'] as const) {
    it(`${lang} has every English key, non-empty, with the same placeholders`, () => {
      const problems: string[] = [];
      for (const [key, english] of Object.entries(tables.en)) {
        const said = tables[lang][key];
        if (typeof said !== 'string' || said.trim() === '') problems.push(`${key}: missing`);
        else if (placeholders(said).join() !== placeholders(english).join()) problems.push(`${key}: placeholders ${placeholders(said)} ≠ ${placeholders(english)}`);
      }
      for (const key of Object.keys(tables[lang])) if (!(key in tables.en)) problems.push(`${key}: not in English`);
      expect(problems).toEqual([]);
    });
  }

  it('no key is defined by two area files', async () => {
    const dir = new URL('../../../src/i18n/messages/en/', import.meta.url);
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const mod = (await import(new URL(file, dir).href)) as Record<string, Record<string, string>>;
      for (const table of Object.values(mod)) {
        for (const key of Object.keys(table)) {
          if (seen.has(key)) dupes.push(`${key} in ${seen.get(key)} and ${file}`);
          seen.set(key, file);
        }
      }
    }
    expect(dupes).toEqual([]);
    expect(seen.size).toBe(Object.keys(tables.en).length);
  });
});
