// listTickets against a straightforward model of the filters, on random tickets and filters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STATUSES, type Status, type Ticket } from '../../../../src/model.js';
import { fold } from '../../../../src/util/text.js';
import { clock, input, localBackend, tempHome } from '../../../helpers/local.js';

const WORDS = ['Imprimante', 'imprimantes', 'ÉCRAN', 'écran', 'commande', 'Commandé', 'vpn', 'rapport', 'Rapport'];
const CATS = ['IT', 'DMS', 'CRM'];
const PEOPLE = ['ana@example.com', 'Bob@Example.com', 'carl@example.com'];

const ticketArb = fc.record({
  cat: fc.constantFrom(...CATS),
  status: fc.constantFrom(...STATUSES),
  who: fc.constantFrom(...PEOPLE),
  subject: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  body: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 4 }).map((w) => w.join(' ')),
  hours: fc.integer({ min: 0, max: 5 }),
});

const filterArb = fc.record({
  status: fc.option(fc.subarray([...STATUSES], { minLength: 1 }), { nil: undefined }),
  category: fc.option(fc.constantFrom('it', 'DMS', 'crm'), { nil: undefined }),
  requester: fc.option(fc.constantFrom('ANA@example.com', 'bob@example.com'), { nil: undefined }),
  sinceHours: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  search: fc.option(fc.constantFrom('imprimante', 'ecran', 'COMMANDE', 'rapport vpn', 'zzz'), { nil: undefined }),
  limit: fc.integer({ min: 0, max: 5 }),
  sort: fc.constantFrom('created' as const, 'updated' as const),
});

describe('listTickets matches a model of the filters', () => {
  it('on random tickets and filters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticketArb, { minLength: 0, maxLength: 12 }), fc.array(filterArb, { minLength: 1, maxLength: 4 }), async (specs, filters) => {
        const { home, cleanup } = tempHome();
        try {
          const c = clock('2026-11-01T00:00:00.000Z');
          const b = localBackend(home, { now: c.now });
          const made: { t: Ticket; body: string }[] = [];
          for (const s of specs) {
            c.advanceDays(s.hours / 24);
            const t = await b.createTicket(
              input({ category: s.cat, fields: {}, subject: s.subject, body: s.body, requester: { name: null, email: s.who } }),
            );
            made.push({ t, body: s.body });
          }
          for (const [i, s] of specs.entries()) {
            if (s.status !== 'new') {
              c.advanceDays(1 / 24);
              made[i].t = await b.updateTicket(made[i].t.id, { status: s.status as Status });
            }
          }
          for (const f of filters) {
            const since = f.sinceHours === undefined ? undefined : new Date(Date.parse('2026-11-01T00:00:00.000Z') + f.sinceHours * 3_600_000).toISOString();
            const got = await b.listTickets({
              status: f.status,
              category: f.category,
              requester: f.requester,
              since,
              search: f.search,
              limit: f.limit,
              sort: f.sort,
            });
            const want = made
              .filter(({ t, body }) => {
                if (f.status && !f.status.includes(t.status)) return false;
                if (f.category && fold(f.category) !== fold(t.category!)) return false;
                if (f.requester && f.requester.toLowerCase() !== t.requester.email!.toLowerCase()) return false;
                if (since && t.createdAt < since) return false;
                if (f.search && !fold(t.subject).includes(fold(f.search)) && !fold(body).includes(fold(f.search))) return false;
                return true;
              })
              .map(({ t }) => t)
              .sort((x, y) => {
                const kx = f.sort === 'updated' ? x.updatedAt : x.createdAt;
                const ky = f.sort === 'updated' ? y.updatedAt : y.createdAt;
                return kx !== ky ? (kx < ky ? 1 : -1) : Number(y.id) - Number(x.id);
              });
            const expected = (f.limit > 0 ? want.slice(0, f.limit) : want).map((t) => t.id);
            expect(got.map((t) => t.id)).toEqual(expected);
            for (const t of got) expect(t.status).toBe(made[Number(t.id) - 1].t.status);
          }
        } finally {
          cleanup();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
