// English, status vocabularies and stale tickets.
export const status = {
} as const;
