// English, forms files and default forms: category and field labels and descriptions, forms-file errors.
export const forms = {
} as const;
