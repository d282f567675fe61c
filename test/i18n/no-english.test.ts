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
  /** Run on a terminal (some screens only speak to one). */
  tty?: boolean;
}

const createOne = async (run: (argv: string[]) => Promise<unknown>) => {
  await run(['create', '--subject', 'Imprimanta nu printeaza', '--body', 'Imprimanta de la etajul 2', '--category', 'IT', '--no-input']);
};

const CASES: Case[] = [
  { name: 'an unknown ticket', argv: ['show', '99999'] },
  { name: 'an unknown priority word', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '-p', 'critique'] },
  { name: 'a high priority without a justification', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '-p', 'high'] },
  {
    name: 'the emergency contact on an urgent filing',
    setup: async (run) => {
      await run(['config', 'set', 'emergencyContact', '+33 800 000 000']);
    },
    argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '-p', 'urgent', '--justification', 'z', '--fields', 'id'],
  },
  // The administration commands
  { name: 'config --help', argv: ['config', '--help'] },
  { name: 'config set --help', argv: ['config', 'set', '--help'] },
  { name: 'init --help', argv: ['init', '--help'] },
  { name: 'profile remove --help', argv: ['profile', 'remove', '--help'] },
  { name: 'outbox --help', argv: ['outbox', '--help'] },
  { name: 'drafts --help', argv: ['drafts', '--help'] },
  { name: 'journal --help', argv: ['journal', '--help'] },
  { name: 'undo --help', argv: ['undo', '--help'] },
  { name: 'kb search --help', argv: ['kb', 'search', '--help'] },
  { name: 'doctor --help', argv: ['doctor', '--help'] },
  { name: 'status --help', argv: ['status', '--help'] },
  { name: 'completion --help', argv: ['completion', '--help'] },
  { name: 'mcp --help', argv: ['mcp', '--help'] },
  { name: 'config list', argv: ['config', 'list'] },
  { name: 'config set of a bad key', argv: ['config', 'set', 'colour', 'red'] },
  { name: 'config set of a bad value', argv: ['config', 'set', 'timeoutMs', 'soon'] },
  { name: 'config set lang of a bad language', argv: ['config', 'set', 'lang', 'klingon'] },
  { name: 'profile list, none yet', argv: ['profile', 'list'], tty: true },
  { name: 'profile use of an unknown profile', argv: ['profile', 'use', 'nowhere'] },
  { name: 'outbox list, empty', argv: ['outbox', 'list'] },
  { name: 'outbox drop of an unknown item', argv: ['outbox', 'drop', 'ob-nothing'] },
  { name: 'drafts list, none', argv: ['drafts', 'list'], tty: true },
  { name: 'journal', setup: createOne, argv: ['journal'] },
  { name: 'undo without an id', argv: ['undo'] },
  { name: 'kb search with no hit', argv: ['kb', 'search', 'zzyzx'], tty: true },
  { name: 'doctor (local)', argv: ['doctor', '--no-checks'] },
  { name: 'status', setup: createOne, argv: ['status'], tty: true },
  { name: 'completion of an unknown shell', argv: ['completion', 'tcsh'] },
  { name: 'an unknown command', argv: ['lst'] },
  { name: 'an unknown subcommand', argv: ['config', 'lst'] },
  { name: 'an unknown option', argv: ['config', 'list', '--bogus'] },
  { name: 'a missing argument', argv: ['config', 'get'] },
  { name: 'too many arguments', argv: ['config', 'get', 'lang', 'extra'] },
  { name: 'a value not among the choices', argv: ['--lang', 'de', 'config', 'list'] },
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

// The root help lists every command, the ticket ones included: no English catalogue text in it,
// and its own parts (titles, global options, exit codes, environment) in the language asked.
describe.each(['fr', 'ro'] as const)('root --help under --lang %s', (lang) => {
  it('has no English catalogue text and says its own parts in the language', async () => {
    const home = tempHome('ticket-i18n-');
    const r = await runCli(['--lang', lang, '--help'], { home, env: { LANG: 'C' } });
    expect(r.code).toBe(0);
    expect(englishIn(r.stdout, lang)).toEqual([]);
    for (const english of ['Usage:', 'Options:', 'Commands:', 'Exit codes:', 'Environment:', 'show help', 'print the version', 'display help for command']) {
      expect(r.stdout).not.toContain(english);
    }
  });
});
