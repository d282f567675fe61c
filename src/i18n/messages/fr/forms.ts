import type { forms as en } from '../en/forms.js';
import type { Area } from '../area.js';

// French, forms files and default forms: category and field labels and descriptions, forms-file errors.
export const forms: Area<typeof en> = {
};
