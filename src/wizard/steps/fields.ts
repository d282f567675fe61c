import type { FieldValue } from '../../model.js';
import { dependsOnType, isVisible } from '../../forms/validate.js';
import { fieldTr } from '../../forms/localize.js';
import { stepType } from './extras.js';
import { askField } from '../fields.js';
import type { WizardCore } from '../core.js';

// Step 4: the category's fields, in order; conditional ones only while their condition holds.

// 4 ─ the category's fields, in order, conditional ones only when their condition holds
export async function stepFields(w: WizardCore): Promise<void> {
  // Fields that depend on the ticket type need the type first (asked here instead of in step 6).
  if (w.a.type === undefined && w.category.fields.some((f) => dependsOnType(f, w.category))) await stepType(w, 4);
  for (;;) {
    let changed = false;
    for (const f of w.category.fields) {
      if (!isVisible(f, w.a.fields, w.a.type)) {
        if (Object.hasOwn(w.a.fields, f.key) || w.a.askedFields.includes(f.key)) {
          delete w.a.fields[f.key];
          w.a.askedFields = w.a.askedFields.filter((k) => k !== f.key);
          changed = true;
        }
        continue;
      }
      if (w.a.askedFields.includes(f.key)) continue;
      w.header(4, 'step.fields');
      const prev = (w.prev[`field:${f.key}`] as FieldValue | undefined) ?? undefined;
      const v = await askField(f, w.a.fields, w.ax, prev, fieldTr(w.category, f.key));
      delete w.prev[`field:${f.key}`];
      if (v === undefined) delete w.a.fields[f.key];
      else w.a.fields[f.key] = v;
      w.a.askedFields.push(f.key);
      w.save();
      changed = true;
    }
    // A changed answer can show or hide later fields: go round until nothing moves.
    if (!changed) break;
  }
}
