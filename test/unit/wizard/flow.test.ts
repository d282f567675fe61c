import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBackend, DMS } from '../../helpers/memory-backend.js';
import { FakePrompter, ctrlC, type Rule } from '../../helpers/fake-prompter.js';
import { FakeSignals, created, drafts, home, readDraft, runTty } from '../../helpers/wizard.js';
import type { Category } from '../../../src/model.js';
import { UnavailableError, ValidationError } from '../../../src/errors.js';

const DMS_FIELDS: Rule[] = [
  ['Société', ''],
  ['Établissement', 'Lyon'],
  ['Type de document', 'Commande atelier'],
  ['Numéro de document', '123456'],
];

const SECTIONS: Rule[] = [
  ['What did you want to do', 'Invoice the workshop order'],
  ['What result did you expect', 'An invoice'],
  ['What happened instead', 'Error E042: document not found'],
  ['Steps to reproduce', ''],
  ['Since when', 'Since Monday'],
  ['How many users', 'team'],
  ['another machine or database', 'no'],
  ['already tried', 'Restarted the workstation'],
];

const EXTRAS: Rule[] = [
  ['What kind of request', 'incident'],
  ['File to attach', ''],
  ['Copy someone', ''],
  ['Your name', 'Jane Doe'],
  ['Your e-mail', 'jane@example.com'],
  ['Your phone', ''],
];

function fullDms(overrides: { fields?: Rule[]; extras?: Rule[]; priority?: Rule[]; end?: Rule[] } = {}): Rule[] {
  return [
    ['Which category', 'DMS'],
    ['Subject', 'Workshop order 123456 cannot be invoiced'],
    ...(overrides.fields ?? DMS_FIELDS),
    ...SECTIONS,
    ...(overrides.priority ?? [['How much does this stop you', 'normal']]),
    ...(overrides.extras ?? EXTRAS),
    ...(overrides.end ?? [['What now?', 'submit']]),
  ];
}

describe('ticket new: the guided flow', () => {
  it('files a DMS ticket: fields in order, sections, diagnostics in the body, draft removed', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const attach = join(h, 'screen.png');
    writeFileSync(attach, 'png');
    const p = new FakePrompter(
      fullDms({
        priority: [
          ['How much does this stop you', 'high'],
          ['why is this high', 'Invoicing is blocked for the whole workshop'],
        ],
        extras: [
          ['What kind of request', 'incident'],
          ['File to attach', attach],
          ['Another file to attach', ''],
          ['Copy someone', 'Boss@Example.com, ops@example.com'],
          ['Your name', 'Jane Doe'],
          ['Your e-mail', 'jane@example.com'],
          ['Your phone', '+33 1 23 45 67 89'],
        ],
      }),
    );
    const r = await runTty(['new'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    // Fields are asked in the category's order, after the subject.
    const order = p.messages().map((m) => m.split(' ')[0]);
    expect(order.slice(0, 6)).toEqual(['Which', 'Subject', 'Société', 'Établissement', 'Type', 'Numéro']);
    const [input] = created(backend);
    expect(input.category).toBe('DMS');
    expect(input.subject).toBe('Workshop order 123456 cannot be invoiced');
    expect(input.fields).toEqual({ site: 'Lyon', document_type: 'Commande atelier', document_number: '123456' });
    expect(input.priority).toBe('high');
    expect(input.type).toBe('incident');
    expect(input.cc).toEqual(['boss@example.com', 'ops@example.com']);
    expect(input.attachments.map((a) => a.name)).toEqual(['screen.png']);
    // The contact answers went to the profile; the ticket is filed by the signed-in user.
    expect(input.requester).toBeNull();
    expect(input.body).toContain('## What I wanted to do\n\nInvoice the workshop order');
    expect(input.body).toContain('## Actual result and exact error message\n\nError E042: document not found');
    expect(input.body).toContain('## Users affected\n\nMy team');
    expect(input.body).toContain('## Why this priority\n\nInvoicing is blocked for the whole workshop');
    expect(input.body).toContain('+33 1 23 45 67 89');
    expect(input.body).toMatch(/## Diagnostics\n\n- \[ok\] Configuration/);
    expect(input.body).not.toContain('Steps to reproduce'); // skipped sections are left out
    expect(r.stdout).toMatch(/Created ticket #1/);
    expect(drafts(h)).toEqual([]);
  });

  it('re-asks an invalid document number with what is wrong', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const p = new FakePrompter(
      fullDms({
        fields: [
          ['Société', ''],
          ['Établissement', 'Paris'],
          ['Type de document', 'Commande vente pièces'],
          ['Numéro de document', '12a'],
          ['Numéro de document', '123'],
          ['Numéro de document', '98765'],
        ],
      }),
    );
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.rejected).toEqual([
      'Numéro de document: "12a" has the wrong format (4 to 10 digits).',
      'Numéro de document: "123" has the wrong format (4 to 10 digits).',
    ]);
    expect(created(backend)[0].fields.document_number).toBe('98765');
  });

  it('asks a conditional field only when its condition holds', async () => {
    const CRM: Category = {
      id: 'CRM',
      name: 'CRM',
      fields: [
        { key: 'module', label: 'Module', type: 'select', required: true, options: ['Contacts', 'Campaigns'], pattern: null, maxLength: null, dependsOn: null },
        { key: 'campaign_id', label: 'Campaign ID', type: 'text', required: true, options: null, pattern: '^[A-Z0-9-]{3,20}$', maxLength: null, dependsOn: { field: 'module', values: ['Campaigns'] } },
        { key: 'count', label: 'Contacts affected', type: 'number', required: false, options: null, pattern: null, maxLength: null, dependsOn: null },
        { key: 'since', label: 'First seen', type: 'date', required: false, options: null, pattern: null, maxLength: null, dependsOn: null },
        { key: 'blocking', label: 'Blocking', type: 'checkbox', required: false, options: null, pattern: null, maxLength: null, dependsOn: null },
        { key: 'channels', label: 'Channels', type: 'multiselect', required: true, options: ['Mail', 'SMS'], pattern: null, maxLength: null, dependsOn: null },
      ],
    };
    const common = (module: string, extra: Rule[]): Rule[] => [
      ['Module', module],
      ...extra,
      ['Contacts affected', 'many'],
      ['Contacts affected', '12'],
      ['First seen', '2026-02-30'],
      ['First seen', '2026-11-02'],
      ['Blocking', true],
      ['Channels', []],
      ['Channels', ['SMS']],
    ];
    for (const [module, extra] of [
      ['Contacts', []],
      ['Campaigns', [['Campaign ID', 'SPRING-26']]],
    ] as [string, Rule[]][]) {
      const backend = new MemoryBackend();
      backend.categories = [CRM];
      const p = new FakePrompter([
        ['Which category', 'CRM'],
        ['Subject', 'Sync broken'],
        ...common(module, extra),
        ...SECTIONS,
        ['How much does this stop you', 'normal'],
        ...EXTRAS,
        ['What now?', 'submit'],
      ]);
      const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
      expect(r.code, r.stderr).toBe(0);
      expect(p.unused()).toEqual([]);
      expect(p.messages().some((m) => m.startsWith('Campaign ID'))).toBe(module === 'Campaigns');
      expect(p.rejected).toEqual([
        'Contacts affected must be a number (got "many").',
        'First seen must be a date as YYYY-MM-DD (got "2026-02-30").',
        'Channels is required.',
      ]);
      expect(created(backend)[0].fields).toEqual({
        module,
        ...(module === 'Campaigns' ? { campaign_id: 'SPRING-26' } : {}),
        count: 12,
        since: '2026-11-02',
        blocking: true,
        channels: ['SMS'],
      });
    }
  });

  it('maps the impact question to a priority; only high and urgent ask a justification', async () => {
    const cases = [
      ['low', null, 'question'],
      ['normal', null, 'incident'],
      ['high', 'Cannot invoice', 'incident'],
      ['urgent', 'Whole site down', 'incident'],
    ] as const;
    for (const [priority, why, defaultType] of cases) {
      const backend = new MemoryBackend();
      const p = new FakePrompter(
        fullDms({
          priority: [['How much does this stop you', priority], ...(why ? ([['why is this', why]] as Rule[]) : [])],
        }),
      );
      const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
      expect(r.code, r.stderr).toBe(0);
      expect(p.unused()).toEqual([]);
      expect(created(backend)[0].priority).toBe(priority);
      expect(p.asked.find((a) => a.message.startsWith('What kind'))!.default).toBe(defaultType);
      expect(created(backend)[0].body.includes('Why this priority')).toBe(Boolean(why));
    }
  });

  it('answers nothing that flags already gave (power user)', async () => {
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Société', ''], // optional and not given: still asked
      ['File to attach', ''],
      ['Copy someone', ''],
      ['Your name', 'Jane'],
      ['Your e-mail', ''],
      ['Your phone', ''],
    ]);
    const r = await runTty(
      ['new', '-c', 'dms', '-s', 'Stock wrong', '-b', 'The stock of part 42 is negative.', '-f', 'site=Bordeaux', '-f', 'Type de document=Commande vente pièces',
        '-f', 'document_number=4242', '-p', 'normal', '-t', 'question', '--no-kb', '--no-diagnostics', '--yes', '--tag', 'stock'],
      { prompter: p, backend, home: home() },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const [input] = created(backend);
    expect(input).toMatchObject({ category: 'DMS', subject: 'Stock wrong', priority: 'normal', type: 'question', tags: ['stock'] });
    expect(input.body).toMatch(/^The stock of part 42 is negative\./);
    expect(input.body).not.toContain('## Diagnostics');
  });

  it('a bad --field value is a usage error before any question', async () => {
    const backend = new MemoryBackend();
    const p = new FakePrompter([]);
    const r = await runTty(['new', '-c', 'DMS', '-f', 'document_number=12'], { prompter: p, backend, home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Numéro de document: "12" has the wrong format/);
    expect(p.asked).toEqual([]);
  });

  it('ends without a ticket when an article solves the problem, and counts it', async () => {
    const h = home();
    const backend = new MemoryBackend();
    backend.articles = [
      { id: 'kb-1', title: 'Workshop order locked', snippet: 'An order opened elsewhere stays locked', url: 'https://kb.example/1', locale: 'en', format: 'markdown',
        body: '# Locked order\n\nAsk your colleagues to **close** the order screen. See [the guide](https://kb.example/guide).' },
      { id: 'kb-2', title: 'Invoice numbering', snippet: 'Numbering', url: null, locale: 'en', format: 'html', body: '<p>Numbers are <b>sequential</b>.</p>' },
    ];
    const p = new FakePrompter([
      ['Which category', 'DMS'],
      ['Subject', 'Workshop order locked'],
      ['Read one of them', 'kb-2'],
      ['Did this solve your problem', false],
      ['Read one of them', 'kb-1'],
      ['Did this solve your problem', true],
    ]);
    const r = await runTty(['--json', 'new', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(created(backend)).toEqual([]);
    expect(JSON.parse(r.stdout)).toEqual({ ticket: null, action: 'deflected', reason: 'kb', source: 'kb-1' });
    expect(r.stderr).toContain('1. Workshop order locked');
    expect(r.stderr).toContain('Ask your colleagues to close the order screen. See the guide (https://kb.example/guide).');
    expect(r.stderr).toContain('Numbers are sequential.');
    expect(r.stderr).toContain('No ticket was created.');
    const search = backend.calls.find((c) => c.method === 'searchKb')!;
    expect(search.args[0]).toBe('Workshop order locked');
    expect(search.args[1]).toMatchObject({ category: 'DMS', limit: 5 });
    expect(drafts(h)).toEqual([]);
    const log = JSON.parse(readFileSync(join(h, 'state', 'deflections.json'), 'utf8'));
    expect(log.count).toBe(1);
    expect(log.recent[0]).toMatchObject({ reason: 'kb', article: 'kb-1', subject: 'Workshop order locked' });
  });

  it('warns "one request = one ticket" and can stop there, keeping the draft', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const rules = fullDms();
    rules[rules.findIndex((r) => r[0] === 'What did you want to do')] = ['What did you want to do', 'Invoice an order. I also have another problem: the printer is slow.'];
    const stop = new FakePrompter([...rules.filter((r) => r[0] !== 'What now?'), ['Continue with a single ticket', false]]);
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: stop, backend, home: h });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/One request = one ticket.*"another problem"/);
    expect(r.stderr.match(/ticket new --resume \S+/g)).toHaveLength(1);
    expect(created(backend)).toEqual([]);
    expect(drafts(h)).toHaveLength(1);
    // Resuming asks only the warning again, then the review.
    const go = new FakePrompter([['Continue with a single ticket', true], ['What now?', 'submit']]);
    const r2 = await runTty(['new', '--resume'], { prompter: go, backend, home: h });
    expect(r2.code, r2.stderr).toBe(0);
    expect(go.unused()).toEqual([]);
    expect(created(backend)).toHaveLength(1);
  });

  it('review: change an answer, edit the description, then submit', async () => {
    const backend = new MemoryBackend();
    const p = new FakePrompter(
      fullDms({
        end: [
          ['What now?', 'edit'],
          ['Which answer?', 'field:site'],
          ['Établissement', 'Marseille'],
          ['What now?', 'edit'],
          ['Which answer?', 'priority'],
          ['How much does this stop you', 'urgent'],
          ['why is this urgent', 'All invoicing stopped'],
          ['What now?', 'editor'],
          ['Edit the whole description', '## What I wanted to do\n\nInvoice order 123456 (edited)'],
          ['What now?', 'submit'],
        ],
      }),
    );
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    const [input] = created(backend);
    expect(input.fields.site).toBe('Marseille');
    expect(input.priority).toBe('urgent');
    expect(input.body).toMatch(/^## What I wanted to do\n\nInvoice order 123456 \(edited\)\n\n## Why this priority\n\nAll invoicing stopped/);
    // The site question offered the previous answer as default.
    expect(p.asked.filter((a) => a.message.startsWith('Établissement')).map((a) => a.default)).toEqual([undefined, 'Lyon']);
  });

  it('discard from the review sends nothing and deletes the draft', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const p = new FakePrompter(fullDms({ end: [['What now?', 'discard']] }));
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Discarded\. Nothing was sent\./);
    expect(created(backend)).toEqual([]);
    expect(drafts(h)).toEqual([]);
  });
});

describe('ticket new: drafts survive Ctrl-C and signals', () => {
  it('Ctrl-C keeps every answer (0600), prints the resume command, and --resume finishes the same ticket', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const first = new FakePrompter([
      ['Which category', 'DMS'],
      ['Subject', 'Order 5555 locked'],
      ['Société', 'Garage Martin'],
      ['Établissement', 'Lyon'],
      ['Type de document', ctrlC()],
    ]);
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: first, backend, home: h });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const [file] = drafts(h);
    const id = file.replace(/\.json$/, '');
    expect(r.stderr).toContain(`ticket new --resume ${id}`);
    expect(statSync(join(h, 'state', 'drafts', file)).mode & 0o777).toBe(0o600);
    expect(statSync(join(h, 'state', 'drafts')).mode & 0o777).toBe(0o700);
    expect(readDraft(h, file).answers).toMatchObject({ category: 'DMS', subject: 'Order 5555 locked', fields: { company: 'Garage Martin', site: 'Lyon' } });
    expect(created(backend)).toEqual([]);

    // Resume: only the questions not answered yet.
    const second = new FakePrompter([
      ['Type de document', 'Commande atelier'],
      ['Numéro de document', '5555'],
      ['Accès au rapport', ''],
      ...SECTIONS,
      ['How much does this stop you', 'normal'],
      ...EXTRAS,
      ['What now?', 'submit'],
    ]);
    backend.categories = [{ ...DMS, fields: [...DMS.fields, { key: 'report_path', label: 'Accès au rapport', type: 'textarea', required: false, options: null, pattern: null, maxLength: null, dependsOn: null }] }];
    const r2 = await runTty(['new', '--resume', id], { prompter: second, backend, home: h });
    expect(r2.code, r2.stderr).toBe(0);
    expect(second.unused()).toEqual([]);
    expect(r2.stderr).toContain(`Resuming the draft ${id} (Order 5555 locked)`);
    const [input] = created(backend);
    expect(input.fields).toEqual({ company: 'Garage Martin', site: 'Lyon', document_type: 'Commande atelier', document_number: '5555' });
    expect(input.subject).toBe('Order 5555 locked');
    expect(drafts(h)).toEqual([]);
  });

  it('SIGTERM or SIGHUP while a question is open exits 130 with the draft kept', async () => {
    for (const sig of ['SIGTERM', 'SIGHUP']) {
      const h = home();
      const signals = new FakeSignals();
      const p = new FakePrompter([
        ['Which category', 'DMS'],
        ['Subject', `Stopped by ${sig}`],
        ['Société', { hang: () => setImmediate(() => signals.emit(sig)) }],
      ]);
      const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend: new MemoryBackend(), home: h, signals });
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/ticket new --resume \S+/);
      expect(readDraft(h, drafts(h)[0]).answers).toMatchObject({ subject: `Stopped by ${sig}` });
      // The handlers are removed once the command is over.
      expect(signals.listenerCount(sig)).toBe(0);
    }
  });

  it('a crash keeps the draft and says how to resume (exit 1, no stack trace)', async () => {
    const h = home();
    const p = new FakePrompter([
      ['Which category', 'DMS'],
      ['Subject', 'Before the crash'],
      ['Société', { throw: new TypeError("Cannot read properties of undefined (reading 'x')") }],
    ]);
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend: new MemoryBackend(), home: h });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Resume with: ticket new --resume \S+/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(readDraft(h, drafts(h)[0]).answers).toMatchObject({ subject: 'Before the crash' });
  });

  it('a failure at submission keeps the draft; urgent shows the emergency contact', async () => {
    const h = home();
    mkdirSync(join(h, 'config'), { recursive: true });
    writeFileSync(
      join(h, 'config', 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'work', profiles: { work: { backend: 'local', name: 'Jane Doe', email: 'jane@example.com', emergencyContact: 'Hotline +33 800 000 000' } } }),
      { mode: 0o600 },
    );
    const backend = new MemoryBackend();
    backend.createTicket = async () => {
      throw new UnavailableError('Cannot reach the backend: ECONNREFUSED.', { data: { sent: false } });
    };
    const p = new FakePrompter(
      fullDms({
        priority: [
          ['How much does this stop you', 'urgent'],
          ['why is this urgent', 'Nothing works'],
        ],
        extras: [
          ['What kind of request', 'incident'],
          ['File to attach', ''],
          ['Copy someone', ''],
        ],
      }),
    );
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(p.unused()).toEqual([]);
    expect(r.stderr).toContain('Hotline +33 800 000 000');
    // Queued to the outbox (exit 7): the outbox owns the ticket from now on, so the draft is gone.
    expect(r.code).toBe(7);
    expect(drafts(h)).toEqual([]);
    expect(readdirSync(join(h, 'state', 'outbox')).length).toBeGreaterThan(0);
  });

  it('a refusal at submission keeps the draft and says how to resume', async () => {
    const h = home();
    const backend = new MemoryBackend();
    backend.createTicket = async () => {
      throw new ValidationError('The backend refused the value of Numéro de document.');
    };
    const p = new FakePrompter(fullDms());
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused the value/);
    expect(r.stderr).toMatch(/Resume with: ticket new --resume \S+/);
    expect(drafts(h)).toHaveLength(1);
  });
});

describe('ticket new: no terminal, no questions', () => {
  it('fails with a usage error that names what to use instead', async () => {
    const p = new FakePrompter([]);
    for (const [args, env, tty] of [
      [['new'], {}, false],
      [['new'], { CI: 'true' }, true],
      [['--no-input', 'new', '-c', 'DMS'], {}, true],
    ] as [string[], Record<string, string>, boolean][]) {
      const r = await runTty(args, { prompter: p, backend: new MemoryBackend(), home: home(), env, tty });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not an interactive terminal/);
      expect(r.stderr).toMatch(/ticket create --category C --subject S --body/);
    }
    expect(p.asked).toEqual([]);
  });
});

describe('ticket new: French and Romanian', () => {
  it('asks in French with --lang fr and writes French headings', async () => {
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Quelle catégorie', 'DMS'],
      ['Sujet (un résumé court', 'Commande bloquée'],
      ['Société', ''],
      ['Établissement', 'Paris'],
      ['Type de document', 'Commande atelier'],
      ['Numéro de document', 'abc'],
      ['Numéro de document', '1234'],
      ['Que vouliez-vous faire', 'Facturer'],
      ['Quel résultat attendiez-vous', ''],
      ['Que s\'est-il passé', 'Erreur'],
      ['Étapes pour reproduire', ''],
      ['Depuis quand', ''],
      ['Combien d\'utilisateurs', 'me'],
      ['autre poste', 'untried'],
      ['déjà essayé', ''],
      ['À quel point cela vous bloque', 'high'],
      ['pourquoi la priorité haute', 'Facturation bloquée'],
      ['type de demande', 'incident'],
      ['Fichier à joindre', ''],
      ['en copie', ''],
      ['Votre nom', 'Jeanne'],
      ['Votre adresse e-mail', ''],
      ['Votre téléphone', ''],
      ['Et maintenant', 'submit'],
    ]);
    const r = await runTty(['--lang', 'fr', 'new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(p.rejected).toEqual(['Numéro de document : « abc » n\'a pas le bon format (attendu : de 4 à 10 chiffres).']);
    expect(r.stderr).toContain('Étape 1/8 : Catégorie');
    const [input] = created(backend);
    expect(input.body).toContain('## Ce que je voulais faire\n\nFacturer');
    expect(input.body).toContain('## Justification de la priorité\n\nFacturation bloquée');
    expect(input.body).toContain('## Utilisateurs concernés\n\nMoi seulement');
  });

  it('takes the language from LANG when there is no --lang (Romanian)', async () => {
    const p = new FakePrompter([['La ce categorie', { throw: Object.assign(new Error('stop'), { name: 'ExitPromptError' }) }]]);
    const r = await runTty(['new'], { prompter: p, backend: new MemoryBackend(), home: home(), env: { LANG: 'ro_RO.UTF-8' } });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Pasul 1/8: Categorie');
    expect(r.stderr).toContain('Anulat.');
  });
});

describe('ticket create on a terminal with missing inputs', () => {
  it('hands over to the wizard, which asks only what is missing', async () => {
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Subject', 'Printer offline'],
      ['What did you want to do', 'Print'],
      ['What result did you expect', ''],
      ['What happened instead', ''],
      ['Steps to reproduce', ''],
      ['Since when', ''],
      ['How many users', 'me'],
      ['another machine', 'untried'],
      ['already tried', ''],
      ['How much does this stop you', 'normal'],
      ['What kind of request', 'incident'],
      ['File to attach', ''],
      ['Copy someone', ''],
      ['Your name', ''],
      ['Your e-mail', ''],
      ['Your phone', ''],
    ]);
    const r = await runTty(['--json', 'create', '-c', 'IT', '--no-kb', '--no-diagnostics', '--yes'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: '1', subject: 'Printer offline', category: 'IT', action: 'created' });
  });
});

describe('ticket new --dry-run', () => {
  it('prints what would be sent, sends nothing, and keeps the draft for a real run', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const p = new FakePrompter(fullDms());
    const r = await runTty(['new', '--dry-run', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(r.stdout);
    expect(shown).toMatchObject({ dryRun: true, ticket: { category: 'DMS', fields: { site: 'Lyon', document_number: '123456' } } });
    expect(created(backend)).toEqual([]);
    expect(drafts(h)).toHaveLength(1);
    const again = new FakePrompter([['What now?', 'submit']]);
    const r2 = await runTty(['new', '--resume'], { prompter: again, backend, home: h });
    expect(r2.code, r2.stderr).toBe(0);
    expect(created(backend)[0].body).toBe(shown.ticket.body);
    expect(drafts(h)).toEqual([]);
  });
});

describe('ticket new offers unfinished tickets', () => {
  it('a plain `ticket new` lists the drafts; one can be resumed, or a new ticket started', async () => {
    const h = home();
    const backend = new MemoryBackend();
    const first = new FakePrompter([
      ['Which category', 'DMS'],
      ['Subject', 'Left half-way'],
      ['Société', ctrlC()],
    ]);
    expect((await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: first, backend, home: h })).code).toBe(130);
    const id = drafts(h)[0].replace(/\.json$/, '');

    const fresh = new FakePrompter([['unfinished tickets', ''], ['Which category', ctrlC()]]);
    expect((await runTty(['new'], { prompter: fresh, backend, home: h })).code).toBe(130);
    expect(fresh.asked[0].choices).toEqual([id, '']);

    const resume = new FakePrompter([
      ['unfinished tickets', id],
      ...DMS_FIELDS,
      ...SECTIONS,
      ['How much does this stop you', 'normal'],
      ...EXTRAS,
      ['What now?', 'submit'],
    ]);
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: resume, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(resume.unused()).toEqual([]);
    expect(created(backend)[0].subject).toBe('Left half-way');
    expect(drafts(h)).toEqual([]);
  });
});

describe('ticket new and the profile', () => {
  it("preselects the profile's default category and offers its contact details", async () => {
    const h = home();
    mkdirSync(join(h, 'config'), { recursive: true });
    writeFileSync(
      join(h, 'config', 'config.json'),
      JSON.stringify({ schemaVersion: 1, currentProfile: 'work', profiles: { work: { backend: 'local', defaultCategory: 'dms', name: 'Jane Doe', email: 'jane@example.com', phone: '+40 21 000 0000' } } }),
      { mode: 0o600 },
    );
    const backend = new MemoryBackend();
    const p = new FakePrompter(
      fullDms({
        extras: [
          ['What kind of request', 'incident'],
          ['File to attach', ''],
          ['Copy someone', ''],
        ],
      }),
    );
    const r = await runTty(['new', '--no-kb', '--no-diagnostics'], { prompter: p, backend, home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(p.asked[0]).toMatchObject({ message: 'Which category is your request about?', default: 'DMS' });
    const [input] = created(backend);
    // The contact details are the profile's: shown, not asked; the signed-in user files (no on-behalf requester).
    expect(r.stderr).toContain('Contact: Jane Doe <jane@example.com> +40 21 000 0000 (from your profile; change it in the review)');
    expect(input.requester).toBeNull();
    expect(input.body).toContain('## Contact\n\nJane Doe\njane@example.com\n+40 21 000 0000');
  });
});

describe('ticket new: articles read without success', () => {
  it('are listed in the ticket so the agent does not suggest them again', async () => {
    const backend = new MemoryBackend();
    backend.articles = [{ id: 'kb-7', title: 'Reset the workshop cache', snippet: 'Clear the cache', url: 'https://kb.example/7', locale: 'en', format: 'text', body: 'Press F5.' }];
    const p = new FakePrompter([
      ['Which category', 'DMS'],
      ['Subject', 'Workshop screen frozen'],
      ['Read one of them', 'kb-7'],
      ['Did this solve your problem', false],
      ['Read one of them', ''],
      ...DMS_FIELDS,
      ...SECTIONS,
      ['How much does this stop you', 'normal'],
      ...EXTRAS,
      ['What now?', 'submit'],
    ]);
    const r = await runTty(['new', '--no-diagnostics'], { prompter: p, backend, home: home() });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(created(backend)[0].body).toContain('## Knowledge-base articles already read\n\n- Reset the workshop cache (https://kb.example/7)');
  });
});
