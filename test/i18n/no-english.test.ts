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
  /** A person at a terminal (stdout, stderr and stdin are TTYs). */
  tty?: boolean;
  /** Scan only stderr (stdout is JSON data, which never changes with the language). */
  stderrOnly?: boolean;
}

// Setups use French/Romanian subjects and bodies, so the ticket data itself never looks English.
const file = async (run: (argv: string[]) => Promise<unknown>): Promise<void> => {
  await run(['create', '-c', 'IT', '-s', 'Imprimante en panne', '-b', 'Elle bourre au deuxième étage']);
};
/** The ticket filed, then `argv` run on it first. */
const fileThen = (argv: string[]) => async (run: (argv: string[]) => Promise<unknown>): Promise<void> => {
  await file(run);
  await run(argv);
};

const CASES: Case[] = [
  { name: 'an unknown ticket', argv: ['show', '99999'] },
  { name: 'create: the confirmation', argv: ['create', '-c', 'IT', '-s', 'Imprimante en panne', '-b', 'Elle bourre'], tty: true },
  { name: 'list on a terminal', setup: file, argv: ['list'], tty: true },
  { name: 'list piped', setup: file, argv: ['list'] },
  { name: 'list with no match', setup: file, argv: ['list', '--search', 'zzzz'], tty: true },
  { name: 'show', setup: fileThen(['reply', '1', '-b', 'Toujours en panne']), argv: ['show', '1'], tty: true },
  { name: 'reply', setup: file, argv: ['reply', '1', '-b', 'Merci, mulțumesc'], tty: true },
  { name: 'update', setup: file, argv: ['update', '1', '--priority', 'high'], tty: true },
  { name: 'close', setup: file, argv: ['close', '1'], tty: true },
  { name: 'close when already solved', setup: fileThen(['close', '1']), argv: ['close', '1'], tty: true },
  { name: 'reopen', setup: fileThen(['close', '1']), argv: ['reopen', '1'], tty: true },
  { name: 'bulk --dry-run', setup: file, argv: ['bulk', '--ids', '1', '--status', 'solved', '--dry-run'], tty: true },
  { name: 'bulk', setup: file, argv: ['bulk', '--ids', '1', '--status', 'solved', '--yes'], tty: true },
  { name: 'bulk piped: the summary on stderr', setup: file, argv: ['bulk', '--ids', '1', '--status', 'solved'], stderrOnly: true },
  { name: 'a bad --status', argv: ['list', '--status', 'ouvert'] },
  { name: 'a bad --priority', argv: ['create', '-c', 'IT', '-s', 'Imprimante', '-b', 'Bourrage', '--priority', 'haute'] },
  { name: 'an empty subject', argv: ['create', '-c', 'IT', '-s', ' ', '-b', 'Bourrage'] },
  { name: 'missing inputs, not at a terminal', argv: ['create', '-c', 'IT'] },
  { name: 'update with nothing to change', setup: file, argv: ['update', '1'] },
  { name: 'ticket create --help', argv: ['create', '--help'] },
  { name: 'ticket show --help', argv: ['show', '--help'] },
  { name: 'categories', argv: ['categories'], tty: true },
  { name: 'browse: a local ticket has no web page', setup: file, argv: ['browse', '1'], tty: true },
  { name: 'download: no attachments', setup: file, argv: ['download', '1'], tty: true },
  { name: 'close with a status that does not close', setup: file, argv: ['close', '1', '--status', 'pending'] },
  { name: 'bulk with nothing to change', setup: file, argv: ['bulk', '--ids', '1'] },
  { name: 'bulk over --max', setup: file, argv: ['bulk', '--ids', '1,2', '--status', 'solved', '--max', '1'] },
  { name: 'a bad --since', argv: ['list', '--since', 'hier'] },
  { name: 'ci-failure --dry-run on a terminal', argv: ['ci-failure', '--subject', 'Compilation cassée', '--dry-run'], tty: true },
];

describe.each(['fr', 'ro'] as const)('no English under --lang %s', (lang) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const home = tempHome('ticket-i18n-');
    const env = { LANG: 'C' };
    if (c.setup) await c.setup((argv) => runCli(argv, { home, env }));
    const r = await runCli(['--lang', lang, ...c.argv], { home, env, stdin: c.stdin, tty: c.tty });
    const text = c.stderrOnly ? r.stderr : r.stdout + r.stderr;
    expect(text.trim().length).toBeGreaterThan(0);
    expect({ fragments: englishIn(text, lang), words: englishWordsIn(text), text }).toMatchObject({ fragments: [], words: [] });
  });
});
