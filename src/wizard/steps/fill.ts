import type { WizardCore } from '../core.js';
import { stepFields } from './fields.js';
import { stepSections } from './description.js';
import { stepPriority } from './priority.js';
import { stepExtras } from './extras.js';

// Steps 4 to 6, in order: whatever is still unanswered (also what the review cleared to edit).

/** Steps 4–6: ask whatever is still missing (also what the review cleared to edit). */
export async function fill(w: WizardCore): Promise<void> {
  await stepFields(w);
  await stepSections(w);
  await stepPriority(w);
  await stepExtras(w);
}
