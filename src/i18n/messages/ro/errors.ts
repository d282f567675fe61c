import type { errors as en } from '../en/errors.js';
import type { Area } from '../area.js';

// Romanian, errors and their hints from backends, HTTP, config, stores, the knowledge base, forms and MCP.
export const errors: Area<typeof en> = {
  'err.label': 'eroare:',
  'err.hint.label': 'sugestie:',
  'err.cancelled': 'Anulat.',
  'err.internal': 'Eroare neașteptată: {message}',
  'err.internal.hint': 'Rulați din nou cu --debug pentru detalii și raportați eroarea dacă persistă.',
  'err.local.notFound': 'Tichetul {id} nu a fost găsit.',
  'err.local.notFound.hint': 'Afișați tichetele cu `ticket list` (numerele sunt întregi).',
};
