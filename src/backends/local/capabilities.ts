import type { WriteCapabilities } from '../backend.js';
import { STATUSES, TICKET_TYPES, type StatusDef } from '../../model.js';

/**
 * The local backend stores every normalized status and type as asked; with a status vocabulary
 * (forms file `statuses:`), the statuses a write can set are the vocabulary's, each with its name.
 */
export function localWriteCapabilities(reopenWindowDays: number | null, vocab: readonly StatusDef[] | null = null): WriteCapabilities {
  return {
    statuses: vocab ? vocab.map((d) => ({ status: d.status, backendStatus: d.name })) : STATUSES.map((status) => ({ status, backendStatus: status })),
    types: [...TICKET_TYPES],
    cc: true,
    onBehalf: true,
    internalNotes: true,
    reopenWindowDays,
    solve: 'always',
  };
}
