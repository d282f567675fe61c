// A Sage status vocabulary (docs/examples/sage-forms.yaml) in a real terminal (tmux), on the built
// binary and the local backend: `update --status Escalade`, then `list` shows the portal's status
// in the user's language. Needs tmux and `npm run build` (done here when dist/ is missing).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, TmuxSession, tmuxAvailable } from './tmux.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAGE = join(ROOT, 'docs', 'examples', 'sage-forms.yaml');
// Under CI a missing tmux is a failure, not a skip.
const run = tmuxAvailable() || process.env.CI ? describe : describe.skip;

function ticket(home: string, args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C' }, timeout: 20_000 });
}

const env = (home: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  TICKET_HOME: home,
  TERM: 'xterm-256color',
  LANG: 'C',
  NO_COLOR: '1',
  ...extra,
});

run('a Sage status vocabulary in a terminal (tmux)', () => {
  let session: TmuxSession | null = null;
  let n = 0;
  let home = '';
  let id = '';
  const open = () => (session = new TmuxSession(`vocab-${++n}`));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    home = mkdtempSync(join(tmpdir(), 'ticket-tmux-vocab-'));
    ticket(home, ['config', 'set', 'formsFile', SAGE]);
    id = JSON.parse(ticket(home, ['create', '--category', 'COMPTA', '--field', 'module=Lettrage', '--subject', 'Lettrage impossible', '--body', 'Détails', '--json'])).id;
    ticket(home, ['create', '--category', 'PAIE', '--field', 'periode=2026-11', '--subject', 'Bulletin faux', '--body', 'Détails']);
  }, 120_000);

  afterEach(() => {
    session?.kill();
    session = null;
  });

  it('update --status Escalade says it is done; list shows Escalade next to Nouveau, in French and in English', async () => {
    let s = open();
    s.start(['--lang', 'fr', 'update', id, '--status', 'Escalade'], env(home));
    expect(await s.exitCode()).toBe(0);
    s.kill();

    s = open();
    s.start(['--lang', 'fr', 'list'], env(home));
    const fr = await s.waitFor('Lettrage impossible');
    expect(await s.exitCode()).toBe(0);
    expect(fr).toMatch(new RegExp(`${id}\\s+Escalade\\s+normale\\s+COMPTA\\s+Lettrage impossible`));
    expect(fr).toMatch(/Nouveau\s+normale\s+PAIE\s+Bulletin faux/);
    s.kill();

    s = open();
    s.start(['list', '--status', 'escalade'], env(home));
    const en = await s.waitFor('Lettrage impossible');
    expect(await s.exitCode()).toBe(0);
    expect(en).toMatch(new RegExp(`${id}\\s+Escalated\\s+normal\\s+COMPTA\\s+Lettrage impossible`));
    expect(en).not.toContain('Bulletin faux');
  }, 60_000);

  it('an unknown status is said on the terminal with the portal statuses, exit 2', async () => {
    const s = open();
    s.start(['--lang', 'fr', 'update', id, '--status', 'Escaladée'], env(home));
    const screen = await s.waitFor('__EXIT=');
    expect(await s.exitCode()).toBe(2);
    expect(screen).toContain('statut « Escaladée » inconnu');
    expect(screen).toContain('Réactivation Ticket');
  }, 60_000);
});
