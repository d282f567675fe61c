import { resolveCategory, resolveField, checkValue, problemsMsg } from '../../forms/validate.js';
import { categoryDescription, categoryName, fieldTr } from '../../forms/localize.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { english } from '../../i18n/english.js';
import { parseFieldPairs } from '../../commands/shared/options.js';
import { ValidationError } from '../../errors.js';
import { fold } from '../../i18n/fold.js';
import { neutralizeLine } from '../../io/sanitize.js';
import { safeProfile, type WizardCore } from '../core.js';

// Step 1: the category (a flag or the resumed draft may have answered it), and the --field flags
// checked against its fields.

// 1 ─ category
export async function stepCategory(w: WizardCore): Promise<void> {
  w.categories = await w.cancel.race(w.backend.listCategories());
  const f = w.flags;
  const first = !w.flagsApplied;
  if (first && f.category !== undefined) {
    const chosen = resolveCategory(w.categories, f.category).id;
    if (w.a.category && w.a.category !== chosen) resetFields(w);
    w.a.category = chosen;
  }
  if (w.a.category === undefined || w.prev.category !== undefined) {
    w.header(1, 'step.category');
    const preferred = (w.prev.category as string | undefined) ?? w.a.category ?? safeProfile(w.ctx)?.defaultCategory;
    const def = preferred ? w.categories.find((c) => fold(c.id) === fold(preferred))?.id : undefined;
    const id = await w.prompter.select<string>({
      message: w.t('category.question'),
      choices: w.categories.map((c) => {
        const name = categoryName(c, w.lang);
        const description = categoryDescription(c, w.lang);
        return {
          value: c.id,
          name: name && name !== c.id ? `${c.id} — ${neutralizeLine(name)}` : c.id,
          description: description ? neutralizeLine(description) : undefined,
        };
      }),
      default: def,
    });
    if (w.a.category !== undefined && w.a.category !== id) resetFields(w);
    w.a.category = id;
    delete w.prev.category;
  } else {
    // A resumed draft whose category no longer exists is reported like a bad flag.
    w.a.category = resolveCategory(w.categories, w.a.category).id;
  }
  const summary = w.categories.find((c) => c.id === w.a.category)!;
  w.category = summary.fields.length ? summary : await w.cancel.race(w.backend.getCategory(summary.id));
  // Flags answer their questions once; a category changed from the review starts its fields afresh.
  if (first && f.field?.length) applyFieldFlags(w, f.field);
  w.flagsApplied = true;
  w.save();
}

export function resetFields(w: WizardCore): void {
  w.a.fields = {};
  w.a.askedFields = [];
}

/** --field pairs: checked like `create` checks them (a bad value is a usage error, exit 2). */
export function applyFieldFlags(w: WizardCore, items: string[]): void {
  const problems: Msg[] = [];
  for (const [k, v] of parseFieldPairs(items)) {
    const field = resolveField(w.category, k);
    const r = checkValue(field, v, w.a.fields, fieldTr(w.category, field.key));
    if (!r.ok) {
      problems.push(r.message);
      continue;
    }
    if (r.value !== undefined) w.a.fields[field.key] = r.value;
    else delete w.a.fields[field.key];
    if (!w.a.askedFields.includes(field.key)) w.a.askedFields.push(field.key);
  }
  if (problems.length) {
    throw new ValidationError(problemsMsg(problems), {
      hint: msg('form.fields.hint', { id: w.category.id }),
      data: { problems: problems.map((p) => english(p)) },
    });
  }
}
