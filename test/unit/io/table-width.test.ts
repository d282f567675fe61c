// The terminal table never draws a line wider than the terminal, whatever the data: random
// subjects, requesters and categories (East-Asian wide characters, emoji with modifiers, combining
// accents, control characters, very long words), every status and language, widths 60–300.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { renderTicketTable } from '../../../src/io/views.js';
import { STATUSES, PRIORITIES, type Ticket } from '../../../src/model.js';
import type { Context } from '../../../src/cli/context.js';

function fakeContext(columns: number, lang: string, color: boolean): Context {
  return {
    io: { stdout: { isTTY: true, columns } as never, stderr: {} as never, stdin: {} as never },
    env: {},
    now: () => new Date('2026-11-23T12:00:00Z'),
    color: { stdout: color, stderr: false },
    language: () => lang,
    globals: { json: false, input: true, color, debug: false },
  } as unknown as Context;
}

const PIECES = ['打印机', '無法連線', '🙂', '👩🏽‍💻', '🇫🇷', 'é', 'e\u0301', 'Ünïcödé', 'x'.repeat(90), '\u001b[2J', '\t', '\n', 'ｆｕｌｌ', 'ok', ' ', 'Привет', 'مرحبا', '\u200b'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ maxLength: 200 }),
);

const ticket = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }).map(String), fc.constantFrom('SUP-12345', 'a1b2c3d4-e5f6')),
  subject: text,
  requester: fc.oneof(text, fc.emailAddress()),
  category: fc.option(text, { nil: null }),
  status: fc.constantFrom(...STATUSES),
  priority: fc.constantFrom(...PRIORITIES),
  minutesAgo: fc.integer({ min: -5, max: 60 * 24 * 800 }),
});

describe('ticket table width', () => {
  it('no rendered line is wider than the terminal (60–300 columns)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticket, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 60, max: 300 }),
        fc.constantFrom('en', 'fr', 'ro'),
        fc.boolean(),
        async (specs, columns, lang, color) => {
          const tickets: Ticket[] = specs.map((s) => ({
            id: s.id,
            url: null,
            subject: s.subject,
            status: s.status,
            backendStatus: s.status,
            priority: s.priority,
            type: null,
            category: s.category,
            requester: { name: s.requester, email: null },
            cc: [],
            tags: [],
            fields: {},
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: new Date(Date.parse('2026-11-23T12:00:00Z') - s.minutesAgo * 60_000).toISOString(),
          }));
          const out = await renderTicketTable(fakeContext(columns, lang, color), tickets);
          const lines = out.split('\n');
          expect(lines).toHaveLength(tickets.length + 1);
          for (const line of lines) {
            expect(stringWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(columns);
            // Nothing from the data reaches the terminal as a control character.
            expect(line.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u001f\u007f]/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the subject takes the room there is and is cut with an ellipsis only when it must', async () => {
    const long = 'Printer on the third floor prints blank pages since the driver update of Monday morning';
    const t = (subject: string): Ticket => ({
      id: '42', url: null, subject, status: 'open', backendStatus: 'open', priority: 'normal', type: null, category: 'IT',
      requester: { name: null, email: 'jane@example.com' }, cc: [], tags: [], fields: {}, createdAt: '2026-11-23T09:00:00Z', updatedAt: '2026-11-23T09:00:00Z',
    });
    const wide = await renderTicketTable(fakeContext(200, 'en', false), [t(long)]);
    expect(wide).toContain(long);
    expect(wide).not.toContain('…');
    const at100 = (await renderTicketTable(fakeContext(100, 'en', false), [t(long)])).split('\n')[1];
    expect(stringWidth(at100)).toBeGreaterThanOrEqual(98);
    expect(stringWidth(at100)).toBeLessThanOrEqual(100);
    expect(at100).toMatch(/Printer on the third floor.*…/);
    // A wide-character subject is measured in columns, not code units.
    const cjk = (await renderTicketTable(fakeContext(80, 'en', false), [t('打印机无法连接到网络打印机无法连接到网络打印机无法连接到网络打印机无法连接到网络')])).split('\n');
    for (const line of cjk) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(cjk[1]).toContain('…');
  });
});
