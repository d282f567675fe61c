import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import { ENTER, FakePrompter, type Rule } from '../../helpers/fake-prompter.js';
import { created, home, runTty } from '../../helpers/wizard.js';
import type { Category } from '../../../src/model.js';

// The contact details are the profile's; an optional select starts on "(none)"; fields that depend
// on the ticket type; a pasted screenshot in the attachments step.

const SECTIONS: Rule[] = [
  ['What did you want to do', 'Export the report'],
  ['What result did you expect', 'A file'],
  ['What happened instead', 'Error 500'],
  ['Steps to reproduce', ''],
  ['Since when', 'Today'],
  ['How many users', 'me'],
  ['another machine or database', 'no'],
  ['already tried', 'Nothing'],
];

const CONTACT: Rule[] = [
  ['Your name', 'Jane Doe'],
  ['Your e-mail', 'Jane@Example.com'],
  ['Your phone', '+33 1 23 45 67 89'],
];

function it_(extras: Rule[], end: Rule[] = [['What now?', 'submit']]): Rule[] {
  return [
    ['Which category', 'IT'],
    ['Subject', 'Report export fails'],
    ...SECTIONS,
    ['How much does this stop you', 'normal'],
    ['What kind of request', 'incident'],
    ['File to attach', ''],
    ['Copy someone', ''],
    ...extras,
    ...end,
  ];
}

function config(h: string): { currentProfile?: string; profiles: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(h, 'config', 'config.json'), 'utf8'));
}

describe('ticket new: the contact details are the profile’s', () => {
  it('asks them once, saves them to the profile, and takes them from there the next time', async () => {
    const h = home();
    const first = new FakePrompter(it_(CONTACT));
    const r1 = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: first, backend: new MemoryBackend(), home: h });
    expect(r1.code, r1.stderr).toBe(0);
    expect(first.unused()).toEqual([]);
    expect(r1.stderr).toContain('Contact details saved to the profile "default"');
    const cfg = config(h);
    expect(cfg.currentProfile).toBe('default');
    expect(cfg.profiles.default).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com', phone: '+33 1 23 45 67 89' });
    expect(statSync(join(h, 'config', 'config.json')).mode & 0o777).toBe(0o600);

    const backend = new MemoryBackend();
    const second = new FakePrompter(it_([]));
    const r2 = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: second, backend, home: h });
    expect(r2.code, r2.stderr).toBe(0);
    expect(second.unused()).toEqual([]);
    expect(second.messages().some((m) => /Your (name|e-mail|phone)/.test(m))).toBe(false);
    expect(r2.stderr).toContain('Contact: Jane Doe <jane@example.com> +33 1 23 45 67 89 (from your profile');
    expect(created(backend)[0].body).toContain('## Contact\n\nJane Doe\njane@example.com\n+33 1 23 45 67 89');
  });

  it('an invalid phone is asked again with what is wrong', async () => {
    const h = home();
    const p = new FakePrompter(it_([['Your name', 'Jane'], ['Your e-mail', 'jane@example.com'], ['Your phone', 'call me'], ['Your phone', '0721 000 000']]));
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend: new MemoryBackend(), home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.rejected).toEqual(['"call me" is not a phone number (digits, spaces and + - . ( ) / only).']);
    expect(config(h).profiles.default).toMatchObject({ phone: '0721 000 000' });
  });

  it('an edit in the review changes the profile', async () => {
    const h = home();
    mkdirSync(join(h, 'config'), { recursive: true });
    writeFileSync(
      join(h, 'config', 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'work', profiles: { work: { backend: 'local', name: 'Jane Doe', email: 'jane@example.com' } } }),
      { mode: 0o600 },
    );
    const backend = new MemoryBackend();
    const p = new FakePrompter(
      it_([], [
        ['What now?', 'edit'],
        ['Which answer?', 'contact'],
        ['Your name', 'Jane Martin'],
        ['Your e-mail', ENTER],
        ['Your phone', '+40 21 000 0000'],
        ['What now?', 'submit'],
      ]),
    );
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    // The edit starts from the profile's values.
    expect(p.asked.find((a) => a.message.startsWith('Your name'))!.default).toBe('Jane Doe');
    expect(config(h).profiles.work).toMatchObject({ backend: 'local', name: 'Jane Martin', email: 'jane@example.com', phone: '+40 21 000 0000' });
    expect(created(backend)[0].body).toContain('## Contact\n\nJane Martin\njane@example.com\n+40 21 000 0000');
  });
});

const CV: Category = {
  id: 'CV',
  name: 'CoreView',
  fields: [
    { key: 'product', label: 'Product', type: 'select', required: false, options: ['Portal', 'Reports'], pattern: null, maxLength: null, dependsOn: null },
    { key: 'tenant', label: 'Tenant', type: 'select', required: true, options: ['EU', 'US'], pattern: null, maxLength: null, dependsOn: null },
    { key: 'users', label: 'Users affected', type: 'number', required: true, options: null, pattern: null, maxLength: null, dependsOn: { field: 'type', values: ['incident'] } },
  ],
};

function cv(type: string, fields: Rule[], end: Rule[] = [['What now?', 'submit']]): Rule[] {
  return [
    ['Which category', 'CV'],
    ['Subject', 'Licences not synced'],
    ['What kind of request', type],
    ...fields,
    ...SECTIONS,
    ['How much does this stop you', 'normal'],
    ['File to attach', ''],
    ['Copy someone', ''],
    ...CONTACT,
    ...end,
  ];
}

describe('ticket new: optional selects and type-dependent fields', () => {
  it('Enter on an optional select stores nothing: "(none)" comes first and is highlighted', async () => {
    const backend = new MemoryBackend();
    backend.categories = [CV];
    const p = new FakePrompter(cv('question', [['Product', ENTER], ['Tenant', ENTER]]));
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const product = p.asked.find((a) => a.message.startsWith('Product'))!;
    expect(product.choices).toEqual(['', 'Portal', 'Reports']);
    expect(product.default).toBe('');
    // A required select keeps no "(none)" (Enter takes the first option, as before).
    expect(p.asked.find((a) => a.message.startsWith('Tenant'))!.choices).toEqual(['EU', 'US']);
    expect(created(backend)[0].fields).toEqual({ tenant: 'EU' });
  });

  it('asks the type first, then the fields it reveals; an edit of the type hides them again', async () => {
    const backend = new MemoryBackend();
    backend.categories = [CV];
    const p = new FakePrompter(cv('incident', [['Product', 'Portal'], ['Tenant', 'US'], ['Users affected', '40']]));
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const order = p.messages().map((m) => m.split(' ')[0]);
    expect(order.indexOf('What')).toBeLessThan(order.indexOf('Product'));
    expect(created(backend)[0]).toMatchObject({ type: 'incident', fields: { product: 'Portal', tenant: 'US', users: 40 } });

    const b2 = new MemoryBackend();
    b2.categories = [CV];
    const q = new FakePrompter(
      cv('incident', [['Product', ENTER], ['Tenant', 'EU'], ['Users affected', '3']], [
        ['What now?', 'edit'],
        ['Which answer?', 'type'],
        ['What kind of request', 'question'],
        ['What now?', 'submit'],
      ]),
    );
    const r2 = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: q, backend: b2, home: home() });
    expect(r2.code, r2.stderr).toBe(0);
    expect(q.unused()).toEqual([]);
    expect(created(b2)[0]).toMatchObject({ type: 'question', fields: { tenant: 'EU' } });
    expect(created(b2)[0].fields).not.toHaveProperty('users');
  });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image data')]);

/** A directory holding a fake `xclip` that prints PNG bytes, as `xclip -selection clipboard -t image/png -o` does. */
export function fakeXclip(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(dir, 'shot.png'), PNG);
  writeFileSync(join(bin, 'xclip'), `#!/bin/sh\n[ "$*" = "-selection clipboard -t image/png -o" ] || exit 9\nexec /bin/cat '${join(dir, 'shot.png')}'\n`);
  chmodSync(join(bin, 'xclip'), 0o755);
  return bin;
}

describe('ticket new: a pasted screenshot', () => {
  it(':p in the attachments step attaches the clipboard image; the copy is removed once sent', async () => {
    const h = home();
    const bin = fakeXclip(h);
    const backend = new MemoryBackend();
    backend.capabilities.attachmentMaxBytes = 1024 * 1024;
    let seen: Buffer | null = null;
    const create = backend.createTicket.bind(backend);
    backend.createTicket = async (input) => {
      seen = readFileSync(input.attachments[0].path);
      expect(statSync(input.attachments[0].path).mode & 0o777).toBe(0o600);
      expect(input.attachments[0].path.startsWith(join(h, 'state', 'clipboard'))).toBe(true);
      return create(input);
    };
    const rules = it_(CONTACT);
    rules.splice(rules.findIndex((r) => r[0] === 'File to attach'), 1, ['File to attach', ':p'], ['Another file to attach', '']);
    const p = new FakePrompter(rules);
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h, env: { PATH: bin } });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const [input] = created(backend);
    expect(input.attachments.map((a) => a.name)[0]).toMatch(/^clipboard-\d{8}-\d{6}\.png$/);
    expect(input.attachments[0].contentType).toBe('image/png');
    expect(seen!.equals(PNG)).toBe(true);
    expect(existsSync(input.attachments[0].path)).toBe(false);
  });

  it('without a clipboard tool it says which to install and asks again', async () => {
    const h = home();
    mkdirSync(join(h, 'empty'));
    const rules = it_(CONTACT);
    rules.splice(rules.findIndex((r) => r[0] === 'File to attach'), 1, ['File to attach', ':p'], ['File to attach', '']);
    const p = new FakePrompter(rules);
    const backend = new MemoryBackend();
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h, env: { PATH: join(h, 'empty') } });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(r.stderr).toContain('No tool to read an image from the clipboard was found.');
    expect(r.stderr).toMatch(/wl-paste.*xclip/);
    expect(created(backend)[0].attachments).toEqual([]);
  });
});

describe('ticket new: the contact step in French and Romanian', () => {
  it.each([
    ['fr', 'Coordonnées : Jeanne Dupont <jeanne@example.com> (celles de votre profil ; modifiables à la relecture)', 'Fichier à joindre (capture, journal…), Entrée pour passer, :p colle une capture d\'écran'],
    ['ro', 'Date de contact: Jeanne Dupont <jeanne@example.com> (din profilul dumneavoastră; le puteți schimba la verificare)', ':p lipește o captură de ecran'],
  ])('%s: the profile’s details are shown in the user’s language', async (lang, line, attach) => {
    const h = home();
    mkdirSync(join(h, 'config'), { recursive: true });
    writeFileSync(
      join(h, 'config', 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'work', profiles: { work: { backend: 'local', name: 'Jeanne Dupont', email: 'jeanne@example.com', lang } } }),
      { mode: 0o600 },
    );
    const backend = new MemoryBackend();
    // Answer every question with its default: the point is what is said, in which language.
    const p = {
      asked: [] as string[],
      async input(o: { message: string; default?: string }) {
        this.asked.push(o.message);
        if (/:p/.test(o.message)) return '';
        return o.default ?? 'x';
      },
      async select<T>(o: { message: string; choices: { value: T }[]; default?: T }) {
        this.asked.push(o.message);
        if (o.choices.some((c) => c.value === ('submit' as unknown as T))) return 'submit' as unknown as T;
        if (o.choices.some((c) => c.value === ('IT' as unknown as T))) return 'IT' as unknown as T;
        return o.default ?? o.choices[0]!.value;
      },
      async checkbox<T>() {
        return [] as T[];
      },
      async confirm(o: { default?: boolean }) {
        return o.default ?? false;
      },
      async editor(o: { default?: string }) {
        return o.default ?? 'x';
      },
    };
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p as never, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(line);
    expect(p.asked.some((m) => m.includes(attach))).toBe(true);
    expect(p.asked.some((m) => /Votre nom|Numele/.test(m))).toBe(false);
  });
});
