// src/io/width.ts measures text as string-width does (it is written there so that a table need not
// load string-width's Intl.Segmenter): the same number of columns for any text, styled or not.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, truncate } from '../../../src/io/width.js';

const PIECES = ['打印机', '無法連線', '🙂', '👩🏽‍💻', '🇫🇷', '❤️', '1️⃣', 'é', 'e\u0301', 'Ünïcödé', 'ｆｕｌｌ', 'Привет', 'مرحبا', '\u200b', '\u00ad', '\t', '\u001b[31m', '\u001b[0m', '\u001b]8;;https://x.example\u0007', '\u001b]8;;\u0007', '\u001b[2K', 'ok', ' '];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

describe('display width', () => {
  it('is string-width\'s for any text', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(displayWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('wide characters and emoji take two columns, accents none', () => {
    expect(displayWidth('打印机')).toBe(6);
    expect(displayWidth('👩🏽‍💻 ok')).toBe(5);
    expect(displayWidth('e\u0301te\u0301')).toBe(3);
    expect(displayWidth('\u001b[31mrouge\u001b[0m')).toBe(5);
  });

  it('truncate never cuts a grapheme and fits the width', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (s, w) => {
        const cut = truncate(s, w);
        expect(stringWidth(cut)).toBeLessThanOrEqual(w);
      }),
      { numRuns: 1000 },
    );
  });
});
