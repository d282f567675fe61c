// What a write can set on this RT server (`ticket doctor --json`), from the queues the user may
// create in: their lifecycles and their TicketType custom field.
//
// REST 2.0 (RT 5.0) names a queue's lifecycle (`Lifecycle` of GET /queues/all) but does not list a
// lifecycle's statuses; a ticket's `lifecycle` hyperlinks give only the transitions from its current
// status. So the statuses are those of RT's default lifecycle, and a queue with another lifecycle is
// named in the notes: there, RT's answer decides (a status it refuses is not-applied, exit 6).
import type { WriteCapabilities } from '../backend.js';
import { TICKET_TYPES, type TicketType } from '../../model.js';
import { DEFAULT_LIFECYCLE, TYPE_CF, WRITE_STATUSES } from './mapping.js';
import type { RtState } from './state.js';

export async function writeCapabilities(st: RtState): Promise<WriteCapabilities> {
  const queues = (await st.queues()).filter((q) => q.canCreate);
  // A queue whose fields cannot be read (rights) has no known type; it is named in the notes.
  const read = await Promise.allSettled(queues.map((q) => st.getCategory(q.name)));
  const unread = queues.filter((_, i) => read[i].status === 'rejected');
  const typed = queues.filter((q) => st.typeQueues.has(q.name));
  const offered = new Set(typed.flatMap((q) => st.typeQueues.get(q.name)!));
  const types: TicketType[] = TICKET_TYPES.filter((t) => offered.has(t));
  const custom = queues.filter((q) => q.lifecycle && q.lifecycle !== 'default');
  const unknown = queues.filter((q) => !q.lifecycle);
  const notes = [
    `Statuses: RT's default lifecycle (${DEFAULT_LIFECYCLE.join(', ')}); on-hold sets stalled, solved sets resolved; ` +
      'pending and closed are refused (RT has no waiting-for-customer status, and no closed distinct from resolved); rejected and deleted read as closed.',
    custom.length
      ? `Queues with another lifecycle (${custom.map((q) => `${q.name}: ${q.lifecycle}`).join(', ')}): REST 2.0 does not list a lifecycle's statuses, so RT's answer decides there.`
      : unknown.length
        ? `RT did not name the lifecycle of ${unknown.map((q) => q.name).join(', ')}: the default lifecycle is assumed.`
        : 'Every queue you can create in uses the default lifecycle.',
    typed.length
      ? `Ticket type: the "${TYPE_CF}" custom field, in ${typed.map((q) => `${q.name} (${st.typeQueues.get(q.name)!.join(', ') || 'no type values'})`).join(', ')}; other queues store no type (--type is refused there).`
      : `Ticket type: no queue has a "${TYPE_CF}" custom field, so --type is refused.`,
    'Tags: RT has none (refused). Internal notes: RT comments. Reopen: always possible (no window).',
    ...(unread.length ? [`The fields of ${unread.map((q) => q.name).join(', ')} could not be read: no type is known there.`] : []),
  ];
  return {
    statuses: WRITE_STATUSES.map((s) => ({ ...s })),
    types,
    typesByCategory: Object.fromEntries(queues.map((q) => [q.name, TICKET_TYPES.filter((t) => (st.typeQueues.get(q.name) ?? []).includes(t))])),
    cc: true,
    // Requestor on create: RT takes any address from a user who may create in the queue.
    onBehalf: true,
    tags: false,
    internalNotes: true,
    reopenWindowDays: null,
    solve: 'always',
    notes,
  };
}
