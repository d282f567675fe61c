import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../../src/errors.js';
import { loadForms } from '../../../../src/backends/local/forms.js';
import { defaultStatusDef, findStatusDef } from '../../../../src/forms/statuses.js';
import { localBackend, tempHome } from '../../../helpers/local.js';

// The `statuses:` of a forms file (docs/forms.md "Statuses") and the shipped examples.

const EXAMPLES = fileURLToPath(new URL('../../../../docs/examples/', import.meta.url));

describe('the example forms files', () => {
  const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

  it('are there: the Sage and BOCP vocabularies', () => {
    expect(files).toEqual(expect.arrayContaining(['sage-forms.yaml', 'bocp-forms.yaml']));
  });

  it.each(files)('%s loads through the real loader, categories and statuses', async (f) => {
    const forms = await loadForms(join(EXAMPLES, f));
    expect(forms.categories.length).toBeGreaterThan(0);
    expect(forms.statuses?.length).toBeGreaterThan(0);
  });

  it('Sage: the ten statuses and their mapping', async () => {
    const { statuses } = await loadForms(join(EXAMPLES, 'sage-forms.yaml'));
    expect(statuses!.map((s) => [s.name, s.status])).toEqual([
      ['Nouveau', 'new'],
      ['En cours', 'open'],
      ['En attente de votre réponse', 'pending'],
      ['Escalade', 'open'],
      ['En attente développement', 'on-hold'],
      ['Résolue', 'solved'],
      ['Clos', 'closed'],
      ['Correction prochaine MàJ', 'on-hold'],
      ['Réactivation Ticket', 'open'],
      ['En suspens client', 'pending'],
    ]);
    expect(defaultStatusDef(statuses!, 'open')!.name).toBe('En cours');
    expect(findStatusDef(statuses!, 'correction prochaine maj')!.name).toBe('Correction prochaine MàJ');
    for (const s of statuses!) expect(Object.keys(s.labels).sort()).toEqual(['en', 'fr', 'ro']);
  });

  it('BOCP: the four statuses, found with or without diacritics', async () => {
    const { statuses } = await loadForms(join(EXAMPLES, 'bocp-forms.yaml'));
    expect(statuses!.map((s) => [s.name, s.status])).toEqual([
      ['Nepreluat', 'new'],
      ['Se proceseaza', 'open'],
      ['Intrebare la client', 'pending'],
      ['Solutionata', 'solved'],
    ]);
    expect(findStatusDef(statuses!, 'Soluționată')!.name).toBe('Solutionata');
    expect(findStatusDef(statuses!, 'ÎNTREBARE LA CLIENT')!.name).toBe('Intrebare la client');
  });
});

describe('statuses: in a forms file', () => {
  const base = 'categories:\n  - id: IT\n';
  async function load(yaml: string) {
    const { home, cleanup } = tempHome();
    try {
      const f = join(home, 'forms.yaml');
      writeFileSync(f, base + yaml);
      return await loadForms(f);
    } finally {
      cleanup();
    }
  }

  it('absent: null, and the local backend stores the normalized statuses as before', async () => {
    expect((await load('')).statuses).toBeNull();
    const { home, cleanup } = tempHome();
    try {
      const caps = await localBackend(home).writeCapabilities!();
      expect(caps.statuses.map((s) => s.backendStatus)).toEqual(['new', 'open', 'pending', 'on-hold', 'solved', 'closed']);
    } finally {
      cleanup();
    }
  });

  it('default: true picks the status a normalized one becomes', async () => {
    const { statuses } = await load('statuses:\n  - {name: A, status: open}\n  - {name: B, status: open, default: true}\n');
    expect(defaultStatusDef(statuses!, 'open')!.name).toBe('B');
  });

  it.each([
    ['statuses: []\n', 'statuses: expected a non-empty list'],
    ['statuses:\n  - {name: A, status: opened}\n', 'statuses[0].status: expected one of `new`, `open`'],
    ['statuses:\n  - {status: open}\n', 'statuses[0].name: is required'],
    ['statuses:\n  - {name: A, status: open, colour: red}\n', 'statuses[0].colour: unknown property'],
    ['statuses:\n  - {name: A, status: open, labels: {de: Offen}}\n', 'statuses[0].labels.de: unknown language'],
    ['statuses:\n  - {name: A, status: open}\n  - {name: a, status: new}\n', 'statuses[1].name: "a" is declared twice'],
    ['statuses:\n  - {name: A, status: open, labels: {en: Same}}\n  - {name: B, status: new, labels: {fr: same}}\n', 'statuses[1]: "same" already names the status "A"'],
    ['statuses:\n  - {name: A, status: solved, labels: {en: Closed}}\n', 'statuses[0]: "closed" is the normalized status closed, not solved'],
    ['statuses:\n  - {name: A, status: open, default: true}\n  - {name: B, status: open, default: true}\n', 'statuses[1].default: another status is already the default for open'],
  ])('refuses %j', async (yaml, where) => {
    const err = await load(yaml).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(where);
    expect(err.hint).toContain('docs/forms.md');
  });
});
