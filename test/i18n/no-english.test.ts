import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { englishIn, englishWordsIn } from './english-fragments.js';

// Run commands under --lang fr and --lang ro and scan everything they print for English catalogue
// text. Each case is one screen a user sees: add a case when you add a screen.

interface Case {
  name: string;
  /** Prepare the home (create tickets...) before the command under test; output not scanned. */
  setup?: (run: (argv: string[]) => Promise<unknown>) => Promise<void>;
  argv: string[];
  stdin?: string;
  /** Extra environment (PATH without clipboard tools...). */
  env?: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'an unknown ticket', argv: ['show', '99999'] },
  { name: 'create --requester that is no e-mail', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--requester', 'bob'] },
  { name: 'create --attach-clipboard without a clipboard tool', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--attach-clipboard'], env: { PATH: '/nonexistent' } },
  { name: 'config set phone with no phone number', argv: ['config', 'set', 'phone', 'call me'] },
];

describe.each(['fr', 'ro'] as const)('no English under --lang %s', (lang) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const home = tempHome('ticket-i18n-');
    const env = { LANG: 'C', ...c.env };
    if (c.setup) await c.setup((argv) => runCli(argv, { home, env }));
    const r = await runCli(['--lang', lang, ...c.argv], { home, env, stdin: c.stdin });
    const text = r.stdout + r.stderr;
    expect(text.trim().length).toBeGreaterThan(0);
    expect({ fragments: englishIn(text, lang), words: englishWordsIn(text), text }).toMatchObject({ fragments: [], words: [] });
  });
});
