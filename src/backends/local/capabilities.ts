import type { WriteCapabilities } from '../backend.js';
import { STATUSES, TICKET_TYPES } from '../../model.js';

/** The local backend stores every normalized status and type as asked. */
export function localWriteCapabilities(reopenWindowDays: number | null): WriteCapabilities {
  return {
    statuses: STATUSES.map((status) => ({ status, backendStatus: status })),
    types: [...TICKET_TYPES],
    cc: true,
    onBehalf: true,
    internalNotes: true,
    reopenWindowDays,
    solve: 'always',
  };
}
