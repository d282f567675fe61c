import type { Category, CheckCommand, Field, FieldTranslations, Localized } from '../../model.js';
import type { MessageKey } from '../../i18n/messages.js';
import { LANGUAGES } from '../../i18n/lang.js';
import { forms as en } from '../../i18n/messages/en/forms.js';
import { forms as fr } from '../../i18n/messages/fr/forms.js';
import { forms as ro } from '../../i18n/messages/ro/forms.js';

// The built-in categories of the local backend (IT, DMS, CRM, CONNECT: the seed portals' forms),
// used when no forms file replaces them (docs/forms.md).

function field(f: Partial<Field> & Pick<Field, 'key' | 'label' | 'type'>): Field {
  return {
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required ?? false,
    options: f.options ?? null,
    pattern: f.pattern ?? null,
    maxLength: f.maxLength ?? null,
    dependsOn: f.dependsOn ?? null,
    hint: f.hint ?? null,
  };
}

// The default forms speak the catalogue's languages: every word below is a key of the `forms` area
// (src/i18n/messages/<lang>/forms.ts). The English text is the base wording, stored and printed as JSON.
// Every language is carried in the categories' translations, so the three `forms` areas are read
// here directly (not the whole catalogues).
type Key = Extract<MessageKey, `form.default.${string}`>;
const TABLES: Record<string, Record<string, string>> = { en, fr, ro };
const base = (k: Key): string => TABLES.en![k]!;
const each = (k: Key): Localized => Object.fromEntries(LANGUAGES.map((l) => [l, TABLES[l]![k]!]));
const isKey = (k: string): k is Key => k.startsWith('form.default.');
const word = (k: string): string => (isKey(k) ? base(k) : k);

interface DefaultField {
  key: string;
  type: Field['type'];
  required?: boolean;
  /** Options: catalogue keys, or plain words that are the same in every language (town names). */
  options?: (Key | string)[];
  /** The hint shown with the question. */
  help?: Key;
  pattern?: string;
  maxLength?: number;
  dependsOn?: Field['dependsOn'];
}

/** A check of the default forms: its name is a catalogue key (said in the user's language). */
type DefaultCheck = Omit<CheckCommand, 'name'> & { name: Key };

function defaultCategory(id: string, fieldsIn: DefaultField[], checksIn: DefaultCheck[] = []): Category {
  const fields: Field[] = [];
  const tr: Record<string, FieldTranslations> = {};
  for (const d of fieldsIn) {
    const label = `form.default.${id}.${d.key}` as Key;
    fields.push(
      field({
        key: d.key,
        label: base(label),
        type: d.type,
        required: d.required,
        options: d.options?.map(word),
        pattern: d.pattern,
        maxLength: d.maxLength,
        dependsOn: d.dependsOn,
        hint: d.help ? base(d.help) : undefined,
      }),
    );
    tr[d.key] = {
      label: each(label),
      ...(d.help ? { hint: each(d.help) } : {}),
      ...(d.options ? { options: Object.fromEntries(d.options.filter(isKey).map((k) => [base(k), each(k)])) } : {}),
    };
  }
  const description = `form.default.${id}.description` as Key;
  const checks = checksIn.map((c) => ({ ...c, name: base(c.name) }));
  const translations = { description: each(description), fields: tr, ...(checksIn.length ? { checks: Object.fromEntries(checksIn.map((c) => [base(c.name), each(c.name)])) } : {}) };
  return { id, name: id, description: base(description), fields, checks, translations };
}

export function defaultCategories(): Category[] {
  return [
    defaultCategory('IT', [
      { key: 'machine', type: 'text', maxLength: 64, help: 'form.default.IT.machine.hint' },
      {
        key: 'impact',
        type: 'select',
        options: [
          'form.default.IT.impact.me',
          'form.default.IT.impact.several',
          'form.default.IT.impact.site',
        ],
      },
    ]),
    defaultCategory(
      'DMS',
      [
        { key: 'company', type: 'text', maxLength: 100 },
        { key: 'site', type: 'select', required: true, options: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'] },
        {
          key: 'document_type',
          type: 'select',
          required: true,
          options: [
            'form.default.DMS.document_type.workshop',
            'form.default.DMS.document_type.parts',
          ],
        },
        { key: 'document_number', type: 'text', required: true, pattern: '^[0-9]{4,10}$', help: 'form.default.DMS.document_number.hint' },
        { key: 'report_path', type: 'textarea', help: 'form.default.DMS.report_path.hint' },
      ],
      [
        {
          name: 'form.default.DMS.check',
          program: process.execPath,
          args: ['-e', "console.log('dms-check-ok ' + process.version)"],
          timeoutMs: 5000,
          expectExit: 0,
          expectOutput: 'dms-check-ok',
        },
      ],
    ),
    defaultCategory('CRM', [
      {
        key: 'module',
        type: 'select',
        required: true,
        options: [
          'form.default.CRM.module.contacts',
          'form.default.CRM.module.opportunities',
          'form.default.CRM.module.campaigns',
          'form.default.CRM.module.sync',
        ],
      },
      {
        key: 'campaign_id',
        type: 'text',
        pattern: '^[A-Za-z0-9-]{3,20}$',
        help: 'form.default.CRM.campaign_id.hint',
        dependsOn: { field: 'module', values: ['Campaigns'] },
      },
    ]),
    defaultCategory('CONNECT', [
      {
        key: 'connector',
        type: 'select',
        required: true,
        options: [
          'form.default.CONNECT.connector.maker',
          'form.default.CONNECT.connector.accounting',
          'form.default.CONNECT.connector.bank',
          'form.default.CONNECT.connector.mail',
          'form.default.CONNECT.connector.other',
        ],
      },
      { key: 'last_success', type: 'date', help: 'form.default.date.hint' },
    ]),
  ];
}
