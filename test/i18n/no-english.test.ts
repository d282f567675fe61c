import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { englishIn, englishWordsIn } from './english-fragments.js';

const SAGE = fileURLToPath(new URL('../../docs/examples/sage-forms.yaml', import.meta.url));
const sageTicket = async (run: (argv: string[]) => Promise<unknown>) => {
  await run(['config', 'set', 'formsFile', SAGE]);
  await run(['create', '--category', 'COMPTA', '--field', 'module=Saisie', '--subject', 'Écran bloqué', '--body', 'Détails']);
};

// Run commands under --lang fr and --lang ro and scan everything they print for English catalogue
// text. Each case is one screen a user sees: add a case when you add a screen.

interface Case {
  name: string;
  /** Prepare the home (create tickets...) before the command under test; output not scanned. */
  setup?: (run: (argv: string[]) => Promise<unknown>) => Promise<void>;
  argv: string[];
  stdin?: string;
  /** Run the command on a (pretend) terminal. */
  tty?: boolean;
}

const CASES: Case[] = [
  { name: 'an unknown ticket', argv: ['show', '99999'] },
  { name: 'a status the portal vocabulary does not have', setup: sageTicket, argv: ['update', '1', '--status', 'bogus'] },
  { name: 'a status label not quite right', setup: sageTicket, argv: ['update', '1', '--status', 'Escaladee'] },
  {
    name: 'a forms file whose statuses are wrong',
    setup: async (run) => {
      const f = join(mkdtempSync(join(tmpdir(), 'ticket-i18n-forms-')), 'forms.yaml');
      writeFileSync(f, 'categories:\n  - id: IT\nstatuses:\n  - {name: Nouveau, status: fresh}\n');
      await run(['config', 'set', 'formsFile', f]);
    },
    argv: ['categories'],
  },
  { name: 'list --stale with an unreadable age', argv: ['list', '--stale', 'bientot'] },
  {
    name: 'ticket status with a stale ticket',
    setup: async (run) => {
      await sageTicket(run);
      await run(['config', 'set', 'staleAfter', '2099-01-01']);
    },
    argv: ['status'],
    tty: true,
  },
  { name: 'config set staleAfter with something that is not a duration', argv: ['config', 'set', 'staleAfter', 'bientot'] },
  { name: 'ticket status with a staleAfter date that does not exist', setup: (run) => run(['config', 'set', 'staleAfter', '2026-02-30']).then(() => undefined), argv: ['status'] },
];

describe.each(['fr', 'ro'] as const)('no English under --lang %s', (lang) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const home = tempHome('ticket-i18n-');
    const env = { LANG: 'C' };
    if (c.setup) await c.setup((argv) => runCli(argv, { home, env }));
    const r = await runCli(['--lang', lang, ...c.argv], { home, env, stdin: c.stdin, tty: c.tty });
    const text = r.stdout + r.stderr;
    expect(text.trim().length).toBeGreaterThan(0);
    expect({ fragments: englishIn(text, lang), words: englishWordsIn(text), text }).toMatchObject({ fragments: [], words: [] });
  });
});
