import type { Category, Field, FieldTranslations } from '../model.js';
import { localText, sayLocal, type LocalText, type Msg } from '../i18n/msg.js';
import { fold } from '../i18n/fold.js';

// A category's words in the user's language. The base wording (`name`, `label`, the option values)
// is what is stored, sent and printed as JSON; `translations` (forms files, the default forms) says
// how each is shown in another language. Input is matched against every language (folded).

/** The translations of one field of a category (empty when none). */
export function fieldTr(category: Pick<Category, 'translations'> | null | undefined, key: string): FieldTranslations {
  return category?.translations?.fields?.[key] ?? {};
}

export function labelText(field: Pick<Field, 'label'>, tr: FieldTranslations = {}): LocalText {
  return localText(field.label, tr.label);
}

/** The field's hint; `otherwise` for languages it is not given in (e.g. a catalogue "4 to 10 digits"). */
export function hintText(field: Pick<Field, 'hint'>, tr: FieldTranslations = {}, otherwise?: Msg): LocalText | null {
  if (!field.hint && !tr.hint) return null;
  return localText(field.hint ?? '', tr.hint, otherwise);
}

export function optionText(value: string, tr: FieldTranslations = {}): LocalText {
  return localText(value, tr.options?.[value]);
}

/** Say a LocalText in `lang` (catalogue fallbacks through `say`). */
export function sayIn(lang: string, v: LocalText, say: (m: Msg) => string = () => v.text): string {
  return sayLocal(v, lang, say);
}

export function categoryName(c: Category, lang: string): string {
  return c.translations?.name?.[lang] ?? c.name;
}

export function categoryDescription(c: Category, lang: string): string | null {
  return c.translations?.description?.[lang] ?? c.description ?? null;
}

/** Every spelling a person may type for a base word: itself and its translations, folded. */
export function spellings(base: string, by: Partial<Record<string, string>> | null | undefined): string[] {
  const out = [fold(base)];
  for (const v of Object.values(by ?? {})) if (v) out.push(fold(v));
  return out;
}

/**
 * The category as shown in `lang`: name, description, field labels and hints translated. For display
 * only (human output); option values stay the stored values (show them with optionText).
 */
export function localizeCategory(c: Category, lang: string): Category {
  if (!c.translations) return c;
  return {
    ...c,
    name: categoryName(c, lang),
    description: categoryDescription(c, lang),
    fields: c.fields.map((f) => {
      const tr = fieldTr(c, f.key);
      return { ...f, label: tr.label?.[lang] ?? f.label, hint: tr.hint?.[lang] ?? f.hint ?? null };
    }),
  };
}
