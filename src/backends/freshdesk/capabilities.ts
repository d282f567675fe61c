// What a write can set on this Freshdesk account, read from its ticket_fields: the status field's
// choices (2–5 and custom statuses ≥ 6, the first of which stands for on-hold) and, when the category
// lives in a custom field, the ticket type's choices. docs/freshdesk.md.
import type { WriteCapabilities } from '../backend.js';
import type { Status, TicketType } from '../../model.js';
import { choiceValues } from './fields.js';
import { STATUS_LABELS, TYPE_TO } from './mapping.js';
import type { FdState } from './state.js';

const STANDARD: [number, Status][] = [
  [2, 'open'],
  [3, 'pending'],
  [4, 'solved'],
  [5, 'closed'],
];

export async function freshdeskWriteCapabilities(st: FdState): Promise<WriteCapabilities> {
  const [labels, fields] = await Promise.all([st.statusLabels(), st.fields()]);
  const statuses: WriteCapabilities['statuses'] = [];
  for (const [n, s] of STANDARD) statuses.push({ status: s, backendStatus: labels.get(n) ?? STATUS_LABELS[n] });
  const custom = [...labels.keys()].filter((k) => k >= 6).sort((a, b) => a - b);
  if (custom.length) statuses.splice(2, 0, { status: 'on-hold', backendStatus: labels.get(custom[0])! });
  const types: TicketType[] = [];
  if (st.categoryField) {
    const typeField = fields.find((f) => f.name === 'ticket_type');
    const choices = new Set(choiceValues(typeField?.choices).map((c) => c.toLowerCase()));
    for (const [t, label] of Object.entries(TYPE_TO) as [TicketType, string][]) if (choices.has(label.toLowerCase())) types.push(t);
  }
  return {
    statuses,
    types,
    cc: true,
    // Every Freshdesk key is an agent's: `email` names the requester.
    onBehalf: true,
    internalNotes: true,
    reopenWindowDays: null,
    solve: 'always',
    notes: [
      'Freshdesk has no "new" status: a new ticket is Open.',
      custom.length ? `on-hold is the first custom status, "${labels.get(custom[0])}".` : 'No custom status: on-hold cannot be set.',
      st.categoryField ? 'The ticket type carries incident/question/feature.' : 'The ticket type is the category, so --type is refused.',
    ],
  };
}
