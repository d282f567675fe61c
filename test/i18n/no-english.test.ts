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
  env?: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'an unknown ticket', argv: ['show', '99999'] },
  { name: 'an unknown knowledge-base article', argv: ['kb', 'show', 'zzz-qqq'] },
  { name: 'a knowledge-base search that is too long', argv: ['kb', 'search', 'x'.repeat(3000)] },
  { name: 'an unknown profile', argv: ['--profile', 'nope', 'list'] },
  { name: 'an unknown TICKET_BACKEND', argv: ['list'], env: { TICKET_BACKEND: 'bogus' } },
  { name: 'a remote backend without a URL', argv: ['list'], env: { TICKET_BACKEND: 'rt', TICKET_TOKEN: 'x' } },
  { name: 'an unreachable RT server', argv: ['list'], env: { TICKET_BACKEND: 'rt', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x' } },
  { name: 'doctor with an unreachable RT server', argv: ['doctor'], env: { TICKET_BACKEND: 'rt', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x' } },
  { name: 'an operation TICKET_ALLOW refuses', argv: ['list'], env: { TICKET_ALLOW: 'show' } },
  { name: 'an unknown key in a local query', argv: ['list', '--query', 'foo:bar'] },
  { name: 'an unknown status in a local query', argv: ['list', '--query', 'status:zzz'] },
  { name: 'a Zendesk id that is no number', argv: ['show', 'abc'], env: { TICKET_BACKEND: 'zendesk', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x', TICKET_USER: 'a@example.com' } },
  { name: 'a Zendesk profile without credentials', argv: ['list'], env: { TICKET_BACKEND: 'zendesk', TICKET_URL: 'http://127.0.0.1:9' } },
  { name: 'a Freshdesk id that is no number', argv: ['show', 'abc'], env: { TICKET_BACKEND: 'freshdesk', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x' } },
  { name: 'an RT id that is no number', argv: ['show', 'abc'], env: { TICKET_BACKEND: 'rt', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x' } },
  { name: 'an RT profile without credentials', argv: ['list'], env: { TICKET_BACKEND: 'rt', TICKET_URL: 'http://127.0.0.1:9' } },
  { name: 'a JSM token without a user', argv: ['list'], env: { TICKET_BACKEND: 'jsm', TICKET_URL: 'http://127.0.0.1:9', TICKET_TOKEN: 'x' } },
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
