import type { errors as en } from '../en/errors.js';
import type { Area } from '../area.js';

// French, errors and their hints from backends, HTTP, config, stores, the knowledge base, forms and MCP.
export const errors: Area<typeof en> = {
  'err.label': 'erreur :',
  'err.hint.label': 'conseil :',
  'err.cancelled': 'Annulé.',
  'err.internal': 'Erreur inattendue : {message}',
  'err.internal.hint': 'Relancez avec --debug pour les détails, et signalez-la si elle persiste.',
  'err.local.notFound': 'Ticket {id} introuvable.',
  'err.local.notFound.hint': 'Affichez les tickets avec `ticket list` (les numéros sont des entiers).',
};
