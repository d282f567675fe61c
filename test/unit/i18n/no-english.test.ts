import { describe, expect, it } from 'vitest';
import { runCli, tempHome, type RunResult } from '../../helpers/run-cli.js';
import { randomUUID } from 'node:crypto';
import { enqueue, newOutboxId } from '../../../src/outbox/store.js';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { englishIn, englishWordsIn } from '../../helpers/english-fragments.js';

const SAGE = fileURLToPath(new URL('../../../docs/examples/sage-forms.yaml', import.meta.url));
const sageTicket = async (run: (argv: string[]) => Promise<unknown>) => {
  await run(['config', 'set', 'formsFile', SAGE]);
  await run(['create', '--category', 'COMPTA', '--field', 'module=Saisie', '--subject', 'Écran bloqué', '--body', 'Détails']);
};

// Run commands under --lang fr and --lang ro and scan everything they print for English catalogue
// text. Each case is one screen a user sees: add a case when you add a screen.

interface Case {
  name: string;
  /** Prepare the home (create tickets...) before the command under test; output not scanned. */
  setup?: (run: (argv: string[]) => Promise<RunResult>, home: string) => Promise<void | string[]>;
  argv: string[];
  stdin?: string;
  /** A person at a terminal (stdout, stderr and stdin are TTYs). */
  tty?: boolean;
  /** Scan only stderr (stdout is JSON data, which never changes with the language). */
  stderrOnly?: boolean;
  /** Extra environment (PATH without clipboard tools...). */
  env?: Record<string, string>;
}

const createOne = async (run: (argv: string[]) => Promise<unknown>) => {
  await run(['create', '--subject', 'Imprimanta nu printeaza', '--body', 'Imprimanta de la etajul 2', '--category', 'IT', '--no-input']);
};

// Setups use French/Romanian subjects and bodies, so the ticket data itself never looks English.
const file = async (run: (argv: string[]) => Promise<unknown>): Promise<void> => {
  await run(['create', '-c', 'IT', '-s', 'Imprimante en panne', '-b', 'Elle bourre au deuxième étage']);
};
/** The ticket filed, then `argv` run on it first. */
const fileThen = (argv: string[]) => async (run: (argv: string[]) => Promise<unknown>): Promise<void> => {
  await file(run);
  await run(argv);
};

/** A new ticket, or a reply to ticket `replyTo`, waiting in the outbox of the local backend. */
const queued = (home: string, subject: string, replyTo?: string) => {
  const key = randomUUID();
  const what = replyTo
    ? { kind: 'reply' as const, origin: 'reply', reply: { ticketId: replyTo, input: { body: subject, attachments: [], public: true } } }
    : { kind: 'create' as const, origin: 'create', create: { category: 'IT', subject, body: 'Détails', priority: 'normal' as const, type: 'incident' as const, fields: {}, attachments: [], cc: [], tags: [], idempotencyKey: key } };
  enqueue(join(home, 'state'), {
    id: newOutboxId(new Date()),
    state: 'pending',
    createdAt: new Date().toISOString(),
    attempts: 1,
    profile: null,
    backend: 'local',
    maybeSent: false,
    idempotencyKey: key,
    ...what,
  });
};

/** The journal id of the first write to ticket 1 that changed something (for `undo ID`). */
const firstChange = async (run: (argv: string[]) => Promise<RunResult>): Promise<string> => {
  const entries = JSON.parse((await run(['journal', '--json'])).stdout) as { id: string; op: string }[];
  return entries.find((e) => e.op === 'update')!.id;
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
  { name: 'undo --last after an update', setup: fileThen(['update', '1', '--status', 'pending']), argv: ['undo', '--last'], tty: true },
  {
    name: 'undo --last --dry-run of a reply and an update (what undo keeps)',
    setup: async (run) => {
      await file(run);
      await run(['reply', '1', '-b', 'Toujours bloquée']);
      await run(['update', '1', '--status', 'pending']);
      await run(['bulk', '--ids', '1', '--status', 'on-hold', '--comment', 'En pause', '--yes']);
    },
    argv: ['undo', '--last', '--dry-run'],
    tty: true,
  },
  {
    name: 'undo of a ticket changed since',
    setup: async (run) => {
      await file(run);
      await run(['update', '1', '--status', 'pending']);
      const id = await firstChange(run);
      await run(['update', '1', '--status', 'on-hold']);
      return [id];
    },
    argv: ['undo'],
    tty: true,
  },
  {
    name: 'outbox send: one delivered, one refused by the backend',
    setup: async (_run, home) => {
      queued(home, 'Imprimante en panne');
      queued(home, 'Réponse au ticket disparu', '999');
    },
    argv: ['outbox', 'send'],
    tty: true,
  },
  { name: 'kb search with no hit', argv: ['kb', 'search', 'zzyzx'], tty: true },
  { name: 'doctor (local)', argv: ['doctor', '--no-checks'] },
  { name: 'doctor with the default check', argv: ['doctor'], tty: true },
  {
    name: 'doctor with failing checks of a forms file',
    setup: async (run) => {
      const f = join(mkdtempSync(join(tmpdir(), 'ticket-i18n-forms-')), 'forms.yaml');
      const node = JSON.stringify(process.execPath);
      writeFileSync(
        f,
        'categories:\n  - id: IT\n    checks:\n' +
          '      - {name: {en: Printer spooler, fr: Spouleur, ro: Coada de imprimare}, program: ticket-absent-prog}\n' +
          `      - {name: Spouleur bis, program: ${node}, args: ["-e", "process.exit(3)"], expectOutput: zzz}\n`,
      );
      await run(['config', 'set', 'formsFile', f]);
    },
    argv: ['doctor'],
    tty: true,
  },
  { name: 'status', setup: createOne, argv: ['status'], tty: true },
  { name: 'completion of an unknown shell', argv: ['completion', 'tcsh'] },
  { name: 'an unknown command', argv: ['lst'] },
  { name: 'an unknown subcommand', argv: ['config', 'lst'] },
  { name: 'an unknown option', argv: ['config', 'list', '--bogus'] },
  { name: 'a missing argument', argv: ['config', 'get'] },
  { name: 'too many arguments', argv: ['config', 'get', 'lang', 'extra'] },
  { name: 'a value not among the choices', argv: ['--lang', 'de', 'config', 'list'] },
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
  { name: 'the categories', argv: ['categories'] },
  { name: 'one category with its fields', argv: ['category', 'DMS'] },
  { name: 'a category with a conditional field', argv: ['categories', 'CRM'] },
  { name: 'an unknown category', argv: ['categories', 'HR'] },
  {
    name: 'create with bad field values',
    argv: ['create', '-c', 'DMS', '-s', 'x', '-b', 'y', '-f', 'site=Nice', '-f', 'document_number=12a'],
  },
  { name: 'create --requester that is no e-mail', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--requester', 'bob'] },
  { name: 'create --attach-clipboard without a clipboard tool', argv: ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--attach-clipboard'], env: { PATH: '/nonexistent' } },
  { name: 'config set phone with no phone number', argv: ['config', 'set', 'phone', 'call me'] },
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
    // A setup may give arguments it learnt (a journal id...), appended to argv.
    const more = c.setup ? await c.setup((argv) => runCli(argv, { home, env }), home) : undefined;
    const r = await runCli(['--lang', lang, ...c.argv, ...(more ?? [])], { home, env, stdin: c.stdin, tty: c.tty });
    const text = c.stderrOnly ? r.stderr : r.stdout + r.stderr;
    expect(text.trim().length).toBeGreaterThan(0);
    expect({ fragments: englishIn(text, lang), words: englishWordsIn(text), text }).toMatchObject({ fragments: [], words: [] });
  });
});

// The root help lists every command, the ticket ones included: no English in it, and its own parts
// (titles, global options, exit codes, environment) in the language asked.
describe.each(['fr', 'ro'] as const)('root --help under --lang %s', (lang) => {
  it('has no English and says its own parts in the language', async () => {
    const home = tempHome('ticket-i18n-');
    const r = await runCli(['--lang', lang, '--help'], { home, env: { LANG: 'C' } });
    expect(r.code).toBe(0);
    expect({ fragments: englishIn(r.stdout, lang), words: englishWordsIn(r.stdout) }).toEqual({ fragments: [], words: [] });
    for (const english of ['Usage:', 'Options:', 'Commands:', 'Exit codes:', 'Environment:', 'show help', 'print the version', 'display help for command']) {
      expect(r.stdout).not.toContain(english);
    }
  });
});

// A reopen after the window opens a follow-up ticket: what it writes into the tickets (the new one's
// subject and first comment, the pointer left on the old one) is in the user's language.
describe.each(['fr', 'ro'] as const)('the follow-up ticket under --lang %s', (lang) => {
  it('is written in the language, and so is the reopen screen', async () => {
    const home = tempHome('ticket-i18n-');
    const env = { LANG: 'C' };
    await file((argv) => runCli(argv, { home, env }));
    await runCli(['close', '1'], { home, env });
    const later = () => new Date(Date.now() + 40 * 86_400_000);
    const r = await runCli(['--lang', lang, 'reopen', '1'], { home, env, now: later, tty: true });
    expect(r.code).toBe(0);
    expect({ fragments: englishIn(r.stdout + r.stderr, lang), words: englishWordsIn(r.stdout + r.stderr) }).toEqual({ fragments: [], words: [] });
    const shown = (id: string) => runCli(['--lang', lang, 'show', id, '--json'], { home, env, now: later }).then((s) => JSON.parse(s.stdout) as { subject: string; comments: { body: string }[]; followUpOf?: string });
    const follow = await shown('2');
    expect(follow.followUpOf).toBe('1');
    expect(follow.subject).toBe(lang === 'fr' ? 'Suite du #1 : Imprimante en panne' : 'Continuare a #1: Imprimante en panne');
    const old = await shown('1');
    const texts = [follow.subject, follow.comments[0]!.body, old.comments.at(-1)!.body];
    expect(texts[2]).toContain('#2');
    for (const text of texts) expect({ text, fragments: englishIn(text, lang), words: englishWordsIn(text) }).toMatchObject({ fragments: [], words: [] });
  });
});
