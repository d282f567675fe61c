import { describe, expect, it } from 'vitest';
import { severalRequestsReasons } from '../../../src/wizard/split.js';
import { markdownToText, articleToText } from '../../../src/wizard/article.js';
import { emptyAnswers, type WizardAnswers } from '../../../src/drafts/store.js';
import { translator, messageTables } from '../../../src/i18n/messages.js';

const t = translator('en');
function answers(sections: Record<string, string>, subject = 'Invoice blocked'): WizardAnswers {
  return { ...emptyAnswers(), subject, sections };
}

describe('one request = one ticket', () => {
  it('flags several unrelated requests', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ wanted: 'Invoice the order. Also, another problem: the printer jams.' }, /another problem/],
      [{ wanted: 'Facturer la commande. Par ailleurs, le scanner ne marche plus.' }, /Par ailleurs/],
      [{ wanted: 'Facturer. J\'ai une autre question sur les remises.' }, /autre question/],
      [{ wanted: 'Sa facturez comanda. O alta problema: imprimanta.' }, /O alta problema/],
      [{ wanted: '1. Invoice order 1234\n2. Change my password' }, /a list of 2 items/],
      [{ wanted: 'How do I invoice? Why is the stock negative? Where are my reports?' }, /3 separate questions/],
    ];
    for (const [sections, reason] of cases) {
      const r = severalRequestsReasons(answers(sections), t);
      expect(r.join('; '), JSON.stringify(sections)).toMatch(reason);
    }
  });

  it('leaves a single request alone, numbered steps included', () => {
    const ok = answers({
      wanted: 'Invoice workshop order 123456',
      actual: 'Error E042: document not found. Is the order locked?',
      steps: '1. Open the order\n2. Click Invoice\n3. See the error',
      tried: 'Restarted the workstation',
    });
    expect(severalRequestsReasons(ok, t)).toEqual([]);
  });
});

describe('articles in the terminal', () => {
  it('renders Markdown as readable text', () => {
    const text = markdownToText('# Title\n\nSome **bold** and _em_ and `code`.\n\n- item [link](https://x.example)\n\n```\nraw **kept**\n```');
    expect(text).toBe('TITLE\n=====\n\nSome bold and em and code.\n\n• item link (https://x.example)\n\n    raw **kept**');
  });

  it('renders HTML and neutralises control sequences from the backend', async () => {
    const out = await articleToText({ id: '1', title: 'Evil\u001b]0;pwned\u0007', snippet: '', url: null, locale: null, format: 'html', body: '<h2>Fix</h2><p>Do <b>this</b>\u001b[2J.</p>' }, 60);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('Evil^[]0;pwned^G');
    expect(out).toMatch(/FIX\n\nDo this\^\[\[2J\./);
  });
});

describe('messages', () => {
  it('every language has every message, with the same placeholders', async () => {
    const tables = await messageTables();
    const keys = Object.keys(tables.en);
    for (const lang of ['fr', 'ro'] as const) {
      for (const k of keys) {
        const en = tables.en[k].match(/\{\w+\}/g)?.sort() ?? [];
        const other = tables[lang][k]?.match(/\{\w+\}/g)?.sort() ?? [];
        expect(tables[lang][k], `${lang}:${k}`).toBeTruthy();
        expect(other, `${lang}:${k}`).toEqual(en);
      }
    }
  });
});
