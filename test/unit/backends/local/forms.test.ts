import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, NotFoundError, ValidationError } from '../../../../src/errors.js';
import { validateFields } from '../../../../src/forms/validate.js';
import { localBackend, tempHome } from '../../../helpers/local.js';

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

describe('default categories', () => {
  it('are IT, DMS, CRM, CONNECT, each with a name and a description', async () => {
    const cats = await localBackend(home).listCategories();
    expect(cats.map((c) => c.id)).toEqual(['IT', 'DMS', 'CRM', 'CONNECT']);
    for (const c of cats) {
      expect(c.name).toBeTruthy();
      expect(c.description).toBeTruthy();
    }
  });

  it('DMS has exactly the seed portal fields, in order', async () => {
    const dms = await localBackend(home).getCategory('dms');
    expect(dms.fields).toEqual([
      { key: 'company', label: 'Société', type: 'text', required: false, options: null, pattern: null, maxLength: 100, dependsOn: null, hint: null },
      { key: 'site', label: 'Établissement', type: 'select', required: true, options: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'], pattern: null, maxLength: null, dependsOn: null, hint: null },
      { key: 'document_type', label: 'Type de document', type: 'select', required: true, options: ['Commande atelier', 'Commande vente pièces'], pattern: null, maxLength: null, dependsOn: null, hint: null },
      { key: 'document_number', label: 'Numéro de document', type: 'text', required: true, options: null, pattern: '^[0-9]{4,10}$', maxLength: null, dependsOn: null, hint: '4 to 10 digits' },
      expect.objectContaining({ key: 'report_path', label: 'Accès au rapport', type: 'textarea', required: false }),
    ]);
    expect(dms.checks?.length).toBeGreaterThan(0);
  });

  it('the DMS document number accepts 4 to 10 digits only, and CRM campaign_id only shows for Campaigns', async () => {
    const b = localBackend(home);
    const dms = await b.getCategory('DMS');
    const base: [string, string][] = [['site', 'lyon'], ['Type de document', 'commande atelier']];
    expect(validateFields(dms, [...base, ['document_number', '12345']])).toMatchObject({ site: 'Lyon', document_type: 'Commande atelier' });
    expect(() => validateFields(dms, [...base, ['document_number', '123']])).toThrow(ValidationError);
    expect(() => validateFields(dms, [...base, ['document_number', '12345678901']])).toThrow(ValidationError);
    expect(() => validateFields(dms, [...base, ['document_number', '12a45']])).toThrow(ValidationError);
    const crm = await b.getCategory('crm');
    expect(validateFields(crm, [['module', 'Campaigns'], ['campaign_id', 'SPRING-26']])).toEqual({ module: 'Campaigns', campaign_id: 'SPRING-26' });
    expect(() => validateFields(crm, [['module', 'Contacts'], ['campaign_id', 'SPRING-26']])).toThrow(/only applies/);
  });

  it('getCategory of an unknown id lists the valid ones', async () => {
    const err = await localBackend(home).getCategory('HR').catch((e) => e);
    expect(err instanceof ValidationError || err instanceof NotFoundError).toBe(true);
    expect(err.hint).toContain('IT, DMS, CRM, CONNECT');
  });
});

const FORMS = `
categories:
  - id: HW
    name: Hardware
    description: Broken things
    fields:
      - key: asset
        label: Asset tag
        type: text
        required: true
        pattern: "^A[0-9]{4}$"
      - key: kind
        label: Kind
        type: select
        options: [Laptop, Screen]
      - key: screen_size
        label: Screen size
        type: number
        dependsOn: { field: kind, values: [Screen] }
    checks:
      - name: node answers
        program: node
        args: ["-e", "console.log('ok')"]
        timeoutMs: 3000
        expectOutput: ok
  - id: Other
`;

describe('forms file', () => {
  it('<config>/forms.yaml replaces the defaults', async () => {
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(join(home, 'config', 'forms.yaml'), FORMS);
    const b = localBackend(home);
    const cats = await b.listCategories();
    expect(cats.map((c) => c.id)).toEqual(['HW', 'Other']);
    expect(cats[0].fields.map((f) => f.key)).toEqual(['asset', 'kind', 'screen_size']);
    expect(cats[0].fields[2]).toMatchObject({ type: 'number', required: false, dependsOn: { field: 'kind', values: ['Screen'] } });
    expect(cats[0].checks).toEqual([{ name: 'node answers', program: 'node', args: ['-e', "console.log('ok')"], timeoutMs: 3000, expectExit: 0, expectOutput: 'ok' }]);
    expect(cats[1]).toMatchObject({ name: 'Other', fields: [], checks: [] });
    await expect(b.getCategory('DMS')).rejects.toThrow(/Unknown category/);
    // tickets are filed against the new categories
    const t = await b.createTicket({ category: 'hardware', subject: 's', body: 'b', priority: 'low', type: null, fields: { asset: 'A1234' }, attachments: [], cc: [], tags: [] });
    expect(t.category).toBe('HW');
  });

  it("the profile's formsFile wins, relative to the config directory", async () => {
    mkdirSync(join(home, 'config', 'forms'), { recursive: true });
    writeFileSync(join(home, 'config', 'forms.yaml'), 'categories: [{id: Ignored}]');
    writeFileSync(join(home, 'config', 'forms', 'mine.yml'), FORMS);
    const cats = await localBackend(home, { profile: { formsFile: 'forms/mine.yml' } }).listCategories();
    expect(cats.map((c) => c.id)).toEqual(['HW', 'Other']);
  });

  const invalid: [string, string, RegExp][] = [
    ['not YAML', 'categories: [unclosed', /not valid YAML/],
    ['no categories', 'foo: 1', /categories: expected a non-empty list/],
    ['bad field type', 'categories: [{id: A, fields: [{key: x, type: radio}]}]', /categories\[0\]\.fields\[0\]\.type: "radio" is not one of/],
    ['select without options', 'categories: [{id: A, fields: [{key: x, type: select}]}]', /options: a select field needs/],
    ['bad pattern', 'categories: [{id: A, fields: [{key: x, pattern: "([a-z"}]}]', /pattern: not a valid regular expression/],
    ['dependsOn an unknown field', 'categories: [{id: A, fields: [{key: x, dependsOn: {field: y, values: [1]}}]}]', /"y" must be a field declared earlier/],
    ['duplicate category', 'categories: [{id: A}, {id: a}]', /declared twice/],
    ['check without program', 'categories: [{id: A, checks: [{name: c}]}]', /checks\[0\]\.program: is required/],
    ['unknown field property', 'categories: [{id: A, fields: [{key: x, mandatory: true}]}]', /fields\[0\]\.mandatory: unknown property/],
  ];
  for (const [what, text, message] of invalid) {
    it(`an invalid file (${what}) is a ConfigError naming the file and the problem`, async () => {
      const file = join(home, 'forms.yaml');
      writeFileSync(file, text);
      const err = await localBackend(home, { profile: { formsFile: file } })
        .listCategories()
        .catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.exitCode).toBe(4);
      expect(err.message).toContain(file);
      expect(err.message).toMatch(message);
    });
  }

  it('a configured forms file that does not exist is a ConfigError', async () => {
    const err = await localBackend(home, { profile: { formsFile: join(home, 'missing.yaml') } })
      .listCategories()
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('missing.yaml');
  });
});

// Issue 10: the forms file is read like any file named by configuration (regular, capped), and a
// field key that every JavaScript object already has can never read as "answered".
describe('forms file, hostile input', () => {
  const load = (file: string) =>
    localBackend(home, { profile: { formsFile: file } })
      .listCategories()
      .catch((e) => e);

  it('a FIFO is refused at once (it used to hang `categories`)', async () => {
    const file = join(home, 'forms.yaml');
    execFileSync('mkfifo', [file]);
    const err = await load(file);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`The forms file ${file} is a FIFO (named pipe), not a regular file.`);
  });

  it('a symbolic link to /dev/zero is refused (it used to eat 16 GB)', async () => {
    const file = join(home, 'forms.yaml');
    symlinkSync('/dev/zero', file);
    const err = await load(file);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/is a character device, not a regular file/);
  });

  it('a 92 MB forms file is refused from its size, without being read', async () => {
    const file = join(home, 'forms.yaml');
    writeFileSync(file, '');
    truncateSync(file, 92 * 1024 * 1024);
    const err = await load(file);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/is 92\.0 MB, over the limit of 4\.0 MB/);
    expect(err.hint).toMatch(/keep data out of it/);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'])(
    'a field keyed %s is refused, naming the place',
    async (key) => {
      const file = join(home, 'forms.yaml');
      writeFileSync(file, `categories:\n  - id: A\n    fields:\n      - {key: ok, required: true}\n      - {key: "${key}", required: true}\n`);
      const err = await load(file);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(new RegExp(`categories\\[0\\]\\.fields\\[1\\]\\.key: "${key}" is a reserved name`));
    },
  );

  it('a parent value "__proto__" in optionsByParent is a plain key', async () => {
    const file = join(home, 'forms.yaml');
    writeFileSync(
      file,
      [
        'categories:',
        '  - id: A',
        '    fields:',
        '      - {key: kind, type: select, options: [__proto__, constructor]}',
        '      - key: model',
        '        type: select',
        '        dependsOn: {field: kind, values: []}',
        '        optionsByParent: {__proto__: [P1], constructor: [C1]}',
      ].join('\n'),
    );
    const [cat] = await localBackend(home, { profile: { formsFile: file } }).listCategories();
    expect(Object.keys(cat.fields[1].optionsByParent!).sort()).toEqual(['__proto__', 'constructor']);
    expect(validateFields(cat, [['kind', '__proto__'], ['model', 'P1']])).toEqual({ kind: '__proto__', model: 'P1' });
    expect(() => validateFields(cat, [['kind', 'constructor'], ['model', 'P1']])).toThrow(ValidationError);
  });
});
