import type { Field, FieldValue } from '../model.js';
import type { Prompter } from '../prompts/prompter.js';
import type { Translate } from '../i18n/messages.js';
import { checkValue, optionsFor } from '../forms/validate.js';
import type { FieldTranslations } from '../model.js';
import { hintText, labelText, optionText, sayIn } from '../forms/localize.js';

// One question per field, shaped by its type. Every answer goes through checkValue (the same
// validation as `--field`), and a wrong answer is asked again with what is wrong.

/** checkValue's verdict in the user's language (labels and options from the field's translations). */
export function fieldProblem(
  field: Field,
  raw: string | string[] | boolean,
  values: Record<string, FieldValue>,
  t: Translate,
  tr: FieldTranslations = {},
): true | string {
  const r = checkValue(field, raw, values, tr);
  if (r.ok) return true;
  if (Array.isArray(raw) && raw.length === 0) return t('form.required', { label: labelText(field, tr) });
  return t(r.message);
}

export interface AskContext {
  prompter: Prompter;
  t: Translate;
  lang: string;
  /** Free text that may be long: input with ":e" to open $EDITOR. */
  askLong: (message: string, opts: { required: boolean; default?: string; validate?: (v: string) => true | string }) => Promise<string>;
}

function label(field: Field, ax: AskContext, tr: FieldTranslations): string {
  const opt = field.required ? '' : ` ${ax.t('field.optional')}`;
  const h = hintText(field, tr);
  const hint = h ? ` [${sayIn(ax.lang, h)}]` : '';
  return `${sayIn(ax.lang, labelText(field, tr))}${opt}${hint}`;
}

/** How an answer is shown in the user's language: option labels translated. */
export function optionShown(value: string, tr: FieldTranslations, lang: string): string {
  return sayIn(lang, optionText(value, tr));
}

/** Ask one field; returns its normalized value, or undefined for an optional field left empty. */
export async function askField(
  field: Field,
  values: Record<string, FieldValue>,
  ax: AskContext,
  previous?: FieldValue,
  tr: FieldTranslations = {},
): Promise<FieldValue | undefined> {
  const { prompter, t, lang } = ax;
  const message = label(field, ax, tr);
  const validate = (raw: string) => fieldProblem(field, raw, values, t, tr);
  const normalize = (raw: string | string[] | boolean): FieldValue | undefined => {
    const r = checkValue(field, raw, values, tr);
    return r.ok ? r.value : undefined;
  };
  switch (field.type) {
    case 'select': {
      const opts = optionsFor(field, values) ?? [];
      const choices = opts.map((o) => ({ value: o, name: optionShown(o, tr, lang) }));
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
        choices: opts.map((o) => ({ value: o, name: optionShown(o, tr, lang) })),
        defaults: Array.isArray(previous) ? previous : undefined,
        validate: (vals) => fieldProblem(field, vals, values, t, tr),
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
