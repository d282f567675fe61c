import type { Field, FieldValue } from '../model.js';
import type { Prompter } from '../prompts/prompter.js';
import type { Translate } from '../i18n/messages.js';
import { checkValue, optionsFor } from '../forms/validate.js';
import { closest } from '../util/text.js';

// One question per field, shaped by its type. Every answer goes through checkValue (the same
// validation as `--field`), and a wrong answer is asked again with what is wrong.

/** checkValue's verdict in the user's language (English comes from checkValue itself). */
export function fieldProblem(
  field: Field,
  raw: string | string[] | boolean,
  values: Record<string, FieldValue>,
  t: Translate,
  lang: string,
): true | string {
  const r = checkValue(field, raw, values);
  if (r.ok) return true;
  if (lang === 'en') return r.message;
  const label = field.label;
  const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
  if (typeof raw === 'string' && raw.trim() === '') return t('field.required', { label });
  if (Array.isArray(raw) && raw.length === 0) return t('field.required', { label });
  switch (field.type) {
    case 'number':
      return t('field.number', { label, value });
    case 'date':
      return t('field.date', { label, value });
    case 'select':
    case 'multiselect': {
      const opts = optionsFor(field, values) ?? [];
      const bad = Array.isArray(raw) ? raw.find((x) => !opts.includes(x)) ?? value : value;
      const guess = closest(String(bad), opts);
      return t('field.option', { label, value: String(bad), options: opts.join(', ') }) + (guess ? ` → ${guess}?` : '');
    }
    default: {
      const text = field.type === 'text' ? value.trim() : value;
      if (field.maxLength !== null && text.length > field.maxLength) {
        return t('field.tooLong', { label, length: text.length, max: field.maxLength });
      }
      const digits = field.pattern ? /^\^\[0-9\]\{(\d+),(\d+)\}\$$/.exec(field.pattern) : null;
      const hint = digits ? t('field.format.digits', { min: digits[1], max: digits[2] }) : field.hint ? ` (${field.hint})` : '';
      return t('field.format', { label, value: text, hint });
    }
  }
}

export interface AskContext {
  prompter: Prompter;
  t: Translate;
  lang: string;
  /** Free text that may be long: input with ":e" to open $EDITOR. */
  askLong: (message: string, opts: { required: boolean; default?: string; validate?: (v: string) => true | string }) => Promise<string>;
}

function label(field: Field, t: Translate): string {
  const opt = field.required ? '' : ` ${t('field.optional')}`;
  const hint = field.hint ? ` [${field.hint}]` : '';
  return `${field.label}${opt}${hint}`;
}

/** Ask one field; returns its normalized value, or undefined for an optional field left empty. */
export async function askField(
  field: Field,
  values: Record<string, FieldValue>,
  ax: AskContext,
  previous?: FieldValue,
): Promise<FieldValue | undefined> {
  const { prompter, t, lang } = ax;
  const message = label(field, t);
  const validate = (raw: string) => fieldProblem(field, raw, values, t, lang);
  const normalize = (raw: string | string[] | boolean): FieldValue | undefined => {
    const r = checkValue(field, raw, values);
    return r.ok ? r.value : undefined;
  };
  switch (field.type) {
    case 'select': {
      const opts = optionsFor(field, values) ?? [];
      const choices = opts.map((o) => ({ value: o, name: o }));
      // An optional select is never preselected: "(none)" comes first and Enter stores nothing.
      if (!field.required) choices.unshift({ value: '', name: t('none') });
      const def = typeof previous === 'string' && opts.includes(previous) ? previous : field.required ? undefined : '';
      const v = await prompter.select<string>({ message, choices, default: def });
      return v === '' ? undefined : normalize(v);
    }
    case 'multiselect': {
      const opts = optionsFor(field, values) ?? [];
      const v = await prompter.checkbox<string>({
        message,
        choices: opts.map((o) => ({ value: o, name: o })),
        defaults: Array.isArray(previous) ? previous : undefined,
        validate: (vals) => fieldProblem(field, vals, values, t, lang),
      });
      return v.length ? normalize(v) : undefined;
    }
    case 'checkbox': {
      const v = await prompter.confirm({ message, default: typeof previous === 'boolean' ? previous : false });
      return v;
    }
    case 'textarea': {
      const v = await ax.askLong(message, {
        required: field.required,
        default: typeof previous === 'string' ? previous : undefined,
        validate,
      });
      return normalize(v);
    }
    default: {
      const v = await prompter.input({
        message: field.required ? message : `${message} (${t('skip.hint')})`,
        default: previous !== undefined && !Array.isArray(previous) ? String(previous) : undefined,
        validate,
      });
      return normalize(v);
    }
  }
}
