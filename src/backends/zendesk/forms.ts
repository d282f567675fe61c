// Which ticket form a category names.
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import { DEFAULT_CATEGORY_ID } from './fields.js';
import type { ZdState } from './state.js';

/** The ticket form for a category id or name; null for the default category. */
export async function formIdFor(st: ZdState, category: string): Promise<number | null> {
  if (!category || category === DEFAULT_CATEGORY_ID) return null;
  const forms = await st.forms();
  if (!forms) {
    if (/^\d+$/.test(category)) return Number(category);
    throw new ValidationError(msg('err.zd.noForms', { category }), {
      hint: msg('err.zd.noForms.hint', { id: DEFAULT_CATEGORY_ID }),
    });
  }
  const f = forms.find((x) => String(x.id) === category) ?? forms.find((x) => fold(x.display_name || x.name) === fold(category) || fold(x.name) === fold(category));
  if (!f) {
    throw new ValidationError(msg('err.unknownCategory', { category }), {
      hint: msg('err.validCategories.hint', { list: forms.map((x) => `${x.id} (${x.display_name || x.name})`).join(', ') }),
    });
  }
  return f.id;
}
