// The terminal experience in a real terminal (tmux), on the built binary and the local backend:
// the pager, Markdown rendering, and bash, zsh and fish completion. Needs tmux, less and bash
// (`.ci/run` installs tmux; less and bash are part of the base system), and zsh and fish for their
// completion (`.ci/run` installs them too; outside CI their tests are skipped when they are missing).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, TmuxSession, tmuxAvailable } from './tmux.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const haveTools = tmuxAvailable() && spawnSync('less', ['-V'], { stdio: 'ignore' }).status === 0 && spawnSync('bash', ['--version'], { stdio: 'ignore' }).status === 0;
// Under CI a missing tool is a failure, not a skip.
const run = haveTools || process.env.CI ? describe : describe.skip;
const has = (shell: string) => spawnSync(shell, ['--version'], { stdio: 'ignore' }).status === 0;
const withShell = (shell: string) => (has(shell) || process.env.CI ? it : it.skip);

function ticket(home: string, args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C' }, timeout: 20_000 });
}

const PATH = process.env.PATH ?? '/usr/bin:/bin';
const env = (home: string, extra: Record<string, string> = {}) => ({ PATH, HOME: home, TICKET_HOME: home, TERM: 'xterm-256color', LANG: 'C', ...extra });

const LONG = Array.from({ length: 5000 }, (_, i) => `line ${i + 1} of a long conversation`).join('\n');
const MD = '## Reset the VPN client\n\nOpen **Settings** and run `vpn reset`:\n\n- quit the client\n- start it again\n\n```\nvpn reset --all\n```\n';

run('the terminal experience (tmux)', () => {
  let session: TmuxSession | null = null;
  let n = 0;
  let home = '';
  const open = () => (session = new TmuxSession(`term-${++n}`));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    home = mkdtempSync(join(tmpdir(), 'ticket-tmux-term-'));
    writeFileSync(join(home, 'long.txt'), LONG);
    ticket(home, ['create', '--category', 'IT', '--subject', 'Long one', '--body-file', join(home, 'long.txt')]);
    ticket(home, ['create', '--category', 'IT', '--subject', 'VPN', '--body', MD]);
  }, 120_000);

  afterEach(() => {
    session?.kill();
    session = null;
  });

  it('output taller than the screen goes through less; q quits and is not an error', async () => {
    const s = open();
    s.start(['show', '1'], env(home, { NO_COLOR: '1' }));
    await s.waitFor('line 20 of a long conversation');
    // less waits for a key: the end is not on the screen, the process has not finished. The text
    // (~170 kB) is more than a pipe holds, so quitting now breaks the pipe (EPIPE): not an error.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.screen()).not.toContain('line 5000 of');
    expect(s.screen()).not.toMatch(/__EXIT=/);
    s.keys('q');
    expect(await s.exitCode()).toBe(0);
  });

  it('--no-pager and TICKET_PAGER=cat print everything at once', async () => {
    for (const [args, extra] of [
      [['--no-pager', 'show', '1'], {}],
      [['show', '1'], { TICKET_PAGER: 'cat' }],
    ] as [string[], Record<string, string>][]) {
      const s = open();
      s.start(args, env(home, { NO_COLOR: '1', ...extra }));
      expect(await s.exitCode()).toBe(0);
      expect(s.screen()).toContain('line 5000 of a long conversation');
      s.kill();
    }
  });

  it('a pager named by TICKET_PAGER, then PAGER, is used', async () => {
    const bin = join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'mypager'), '#!/bin/sh\necho "MYPAGER-START"\ncat >/dev/null\necho "MYPAGER-END"\n');
    chmodSync(join(bin, 'mypager'), 0o755);
    const s = open();
    s.start(['show', '1'], env(home, { NO_COLOR: '1', PAGER: join(bin, 'mypager') }));
    expect(await s.exitCode()).toBe(0);
    expect(s.screen()).toMatch(/MYPAGER-START\s+MYPAGER-END/);
  });

  it('Markdown is rendered on the terminal, and printed as stored with --raw', async () => {
    const s = open();
    s.start(['show', '2'], env(home, { NO_COLOR: '1' }));
    expect(await s.exitCode()).toBe(0);
    const screen = s.screen();
    expect(screen).toMatch(/^Reset the VPN client$/m);
    expect(screen).toContain('Open Settings and run vpn reset:');
    expect(screen).toMatch(/^• quit the client$/m);
    expect(screen).toMatch(/^ {4}vpn reset --all$/m);
    expect(screen).not.toContain('**Settings**');
    s.kill();
    const raw = open();
    raw.start(['show', '2', '--raw'], env(home, { NO_COLOR: '1' }));
    expect(await raw.exitCode()).toBe(0);
    expect(raw.screen()).toContain('## Reset the VPN client');
    expect(raw.screen()).toContain('**Settings**');
  });

  /** A `ticket` command on PATH (the built binary), for the shells' completion to call. */
  function ticketOnPath(): string {
    const bin = join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'ticket'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
    chmodSync(join(bin, 'ticket'), 0o755);
    return bin;
  }

  it('bash completion: `ticket cl<Tab>` becomes `ticket close`, `--category <Tab>` lists the categories', async () => {
    const bin = ticketOnPath();
    const s = open();
    s.startShell(['bash', '--norc', '--noprofile', '-i'], env(home, { PATH: `${bin}:${PATH}`, PS1: 'PROMPT$ ', NO_COLOR: '1' }));
    await s.waitFor('PROMPT$');
    s.type('source <(ticket completion bash)');
    s.keys('Enter');
    await s.waitFor('PROMPT$', { count: 2 });
    s.type('ticket cl');
    s.keys('Tab');
    await s.waitFor(/PROMPT\$ ticket close $/m);
    s.keys('C-u');
    s.type('ticket list --category ');
    s.keys('Tab', 'Tab');
    const screen = await s.waitFor(/CONNECT/);
    for (const c of ['IT', 'DMS', 'CRM', 'CONNECT']) expect(screen).toMatch(new RegExp(`\\b${c}\\b`));
    s.keys('C-u');
    // Ticket ids come from what `list` printed last.
    s.type('ticket list >/dev/null');
    s.keys('Enter');
    await s.waitFor('PROMPT$', { count: 4 });
    s.type('ticket show ');
    s.keys('Tab', 'Tab');
    await s.waitFor(/^1\s+2\s*$|^2\s+1\s*$/m);
  });
  withShell('zsh')('zsh completion: `ticket cl<Tab>` becomes `ticket close`, `--category <Tab>` lists the categories, `show <Tab>` the recent ids', async () => {
    const bin = ticketOnPath();
    const s = open();
    // -f: no startup files; the completion system is loaded as a user's .zshrc would.
    s.startShell(['zsh', '-f', '-i'], env(home, { PATH: `${bin}:${PATH}`, PS1: 'PROMPT$ ', NO_COLOR: '1' }));
    await s.waitFor('PROMPT$');
    s.type('autoload -Uz compinit && compinit -u && source <(ticket completion zsh)');
    s.keys('Enter');
    await s.waitFor('PROMPT$', { count: 2 });
    s.type('ticket cl');
    s.keys('Tab');
    await s.waitFor(/PROMPT\$ ticket close $/m);
    s.keys('C-u');
    s.type('ticket list --category ');
    s.keys('Tab');
    const screen = await s.waitFor(/CONNECT/);
    for (const c of ['IT', 'DMS', 'CRM', 'CONNECT']) expect(screen).toMatch(new RegExp(`\\b${c}\\b`));
    s.keys('C-u');
    s.type('ticket list >/dev/null');
    s.keys('Enter');
    await s.waitFor(/ticket list >\/dev\/null *\nPROMPT\$ *$/m);
    s.type('ticket show ');
    s.keys('Tab');
    // Two recent ids: zsh lists both (with their subjects as descriptions).
    const ids = await s.waitFor(/^1\b.*Long one/m);
    expect(ids).toMatch(/^2\b.*VPN/m);
  });

  withShell('fish')('fish completion: `ticket cl<Tab>` becomes `ticket close`, `--category <Tab>` lists the categories, `show <Tab>` the recent ids', async () => {
    const bin = ticketOnPath();
    const s = open();
    s.startShell(
      ['fish', '--no-config', '-i', '-C', "function fish_prompt; echo -n 'PROMPT$ '; end; set -g fish_greeting ''"],
      env(home, { PATH: `${bin}:${PATH}`, NO_COLOR: '1', XDG_CONFIG_HOME: join(home, 'fish-config'), XDG_DATA_HOME: join(home, 'fish-data') }),
    );
    await s.waitFor('PROMPT$');
    s.type('ticket completion fish | source');
    s.keys('Enter');
    await s.waitFor('PROMPT$', { count: 2 });
    s.type('ticket cl');
    s.keys('Tab');
    await s.waitFor(/PROMPT\$ ticket close $/m);
    s.keys('C-u');
    s.type('ticket list --category ');
    s.keys('Tab');
    const screen = await s.waitFor(/CONNECT/);
    for (const c of ['IT', 'DMS', 'CRM', 'CONNECT']) expect(screen).toMatch(new RegExp(`\\b${c}\\b`));
    s.keys('Escape', 'C-u');
    s.type('ticket list >/dev/null');
    s.keys('Enter');
    await s.waitFor(/ticket list >\/dev\/null *\nPROMPT\$ *$/m);
    s.type('ticket show ');
    s.keys('Tab');
    const ids = await s.waitFor(/\b1\b.*Long one/);
    expect(ids).toMatch(/\b2\b.*VPN/);
  });
});
