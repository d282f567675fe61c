// Hostile and mistaken input, refused with the documented exit code, a message that says what to
// do, no stack trace, and nothing sent (issue: hardened against hostile input).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';

const ok = ['-c', 'IT', '-s', 'Printer down', '-b', 'It jams'];

describe('bad input is refused before anything is sent', () => {
  const cases: [string, string[], number, RegExp, string?][] = [
    ['--since a day that does not exist', ['list', '--since', '2026-02-30'], 2, /2026-02-30 is not a real date/],
    ['--since empty', ['list', '--since', ''], 2, /--since is empty/],
    ['--since an absurd duration', ['list', '--since', '99999999999999999999d'], 2, /more than 100 years/],
    ['--since a month 13', ['list', '--since', '2026-13-01'], 2, /not a real date/],
    ['--since 25:00', ['list', '--since', '2026-11-01T25:00:00Z'], 2, /not a real date and time/],
    ['create with an empty body', ['create', '-c', 'IT', '-s', 'x', '-b', ''], 2, /body is empty/],
    ['create with a blank body', ['create', '-c', 'IT', '-s', 'x', '-b', ' \n\t '], 2, /body is empty/],
    ['create with a body of zero-width characters', ['create', '-c', 'IT', '-s', 'x', '-b', '\u200b\u200b'], 2, /body is empty/],
    ['subject of control characters only', ['create', '-c', 'IT', '-s', '\u0001\u0002\u001b', '-b', 'y'], 2, /subject is empty|no visible characters/],
    ['subject of zero-width characters only', ['create', '-c', 'IT', '-s', '\u200b\u200d\ufeff', '-b', 'y'], 2, /no visible characters/],
    ['NUL byte in the body', ['create', '-c', 'IT', '-s', 'x', '--body-file', '-'], 2, /NUL bytes/, 'a\u0000b'],
    ['--tag empty', ['create', ...ok, '--tag', ''], 2, /--tag is empty/],
    ['--tag with a space', ['create', ...ok, '--tag', 'a b'], 2, /contains spaces/],
    ['--dedupe-key empty', ['create', ...ok, '--dedupe-key', ''], 2, /--dedupe-key is empty/],
    ['--dedupe-key of blanks', ['create', ...ok, '--dedupe-key', '   '], 2, /--dedupe-key is empty/],
    ['ci-failure --log-lines 1e99', ['ci-failure', '--log', '-', '--log-lines', '1e99', '--dry-run'], 2, /--log-lines expects a whole number between 0 and 100000/, 'Error: x\n'],
    ['ci-failure --max-new -1', ['ci-failure', '--log', '-', '--max-new', '-1', '--dry-run'], 2, /--max-new expects a whole number/, 'Error: x\n'],
    ['ci-failure --fingerprint empty', ['ci-failure', '--log', '-', '--fingerprint', '', '--dry-run'], 2, /--fingerprint is empty/, 'Error: x\n'],
    ['outbox send of an unknown id', ['outbox', 'send', 'nosuchid'], 3, /No outbox item "nosuchid"/],
    ['bulk: a 30 MB line on stdin', ['bulk', '--status', 'solved', '--yes'], 2, /stdin line 1 is 31457280 characters long/, 'x'.repeat(30 * 1024 * 1024) + '\n'],
    ['config set timeoutMs 0', ['config', 'set', 'timeoutMs', '0'], 2, /timeoutMs must be a whole number between 1000 and 600000 \(ms\)/],
    ['config set timeoutMs 1e12', ['config', 'set', 'timeoutMs', '1e12'], 2, /between 1000 and 600000/],
    ['config set timeoutMs -5', ['config', 'set', 'timeoutMs', '-5'], 2, /between 1000 and 600000/],
    ['config set timeoutMs 1.5', ['config', 'set', 'timeoutMs', '1.5'], 2, /whole number/],
    ['config set reopenWindowDays 1e9', ['config', 'set', 'reopenWindowDays', '1e9'], 2, /between 0 and 3650 \(days\)/],
    ['config set lang klingon', ['config', 'set', 'lang', 'klingon'], 2, /lang must be one of: en, fr, ro/],
    ['config set email not an email', ['config', 'set', 'email', 'not an email'], 2, /email must be an e-mail address/],
    ['config set defaultCategory NOPE', ['config', 'set', 'defaultCategory', 'NOPE'], 2, /"NOPE" is not a category of this profile/],
    ['config set constructor', ['config', 'set', 'constructor', 'x'], 2, /Unknown setting "constructor"/],
    ['config set __proto__', ['config', 'set', '__proto__', 'x'], 2, /Unknown setting "__proto__"/],
    ['config set toString', ['config', 'set', 'toString', 'x'], 2, /Unknown setting "toString"/],
    ['config get constructor', ['config', 'get', 'constructor'], 2, /Unknown setting "constructor"/],
    ['config get __proto__', ['config', 'get', '__proto__'], 2, /Unknown setting "__proto__"/],
  ];
  for (const [name, argv, code, message, stdin] of cases) {
    it(name, async () => {
      const backend = new MemoryBackend();
      const home = tempHome();
      const r = await runCli(argv, { backend, home, stdin });
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
      expect(r.stderr).not.toMatch(/Unexpected error|\n\s+at \S+:\d+/);
      expect(r.stdout).not.toMatch(/native code|function/);
      expect(backend.writes()).toEqual([]);
      const cfg = join(home, 'config', 'config.json');
      if (existsSync(cfg)) expect(readFileSync(cfg, 'utf8')).not.toMatch(/constructor|__proto__|toString|klingon|1e12/);
    });
  }

  it('good values are still accepted (timeoutMs 30000, lang fr, email, defaultCategory it)', async () => {
    const backend = new MemoryBackend();
    const home = tempHome();
    for (const [k, v] of [['timeoutMs', '30000'], ['lang', 'FR'], ['email', 'ann@example.com'], ['defaultCategory', 'it'], ['reopenWindowDays', '0']]) {
      const r = await runCli(['config', 'set', k, v], { backend, home });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const cfg = JSON.parse(readFileSync(join(home, 'config', 'config.json'), 'utf8'));
    expect(cfg.profiles.default).toMatchObject({ timeoutMs: 30000, lang: 'fr', email: 'ann@example.com', defaultCategory: 'IT', reopenWindowDays: 0 });
  });

  it('an out-of-range number edited into the file is a configuration error naming the range', async () => {
    const home = tempHome();
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(join(home, 'config', 'config.json'), JSON.stringify({ schemaVersion: 1, currentProfile: 'default', profiles: { default: { backend: 'local', timeoutMs: 0 } } }));
    const r = await runCli(['list'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/timeoutMs = 0: timeoutMs must be a whole number between 1000 and 600000/);
  });

  it('a profile named like an Object.prototype key is not found on the prototype', async () => {
    const r = await runCli(['list', '--profile', 'constructor']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/No profile named "constructor"/);
  });

  it('subjects keep their text but lose control characters; bodies with text pass', async () => {
    const backend = new MemoryBackend();
    const r = await runCli(['create', '-c', 'IT', '-s', 'Printer\u001b[2J down\u202e', '-b', 'It jams', '--tag', 'printer', '--tag', 'floor-2'], { backend });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const input = backend.calls.find((c) => c.method === 'createTicket')!.args[0] as { subject: string; tags: string[] };
    expect(input.subject).toBe('Printer[2J down');
    expect(input.tags).toEqual(['printer', 'floor-2']);
  });
});

describe('attachments: only regular files whose size is known', () => {
  const dir = mkdtempSync(join(tmpdir(), 'att-hard-'));
  let fifo: string | null = join(dir, 'pipe');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    fifo = null;
  }
  symlinkSync('/dev/zero', join(dir, 'zero'));
  const cases: [string, string | null, RegExp][] = [
    ['/proc/self/environ (0 bytes by stat, yet content)', '/proc/self/environ', /reports no size but has content/],
    ['a FIFO (would block)', fifo, /not a regular file/],
    ['/dev/zero (endless)', '/dev/zero', /not a regular file/],
    ['a symlink to /dev/zero', join(dir, 'zero'), /not a regular file/],
  ];
  for (const [name, path, message] of cases) {
    it.runIf(path !== null && existsSync(path))(name, async () => {
      const backend = new MemoryBackend();
      const r = await runCli(['create', ...ok, '--attach', path!], { backend });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(backend.writes()).toEqual([]);
    });
  }

  it('an empty regular file is still attached', async () => {
    const backend = new MemoryBackend();
    writeFileSync(join(dir, 'empty.log'), '');
    const r = await runCli(['create', ...ok, '--attach', join(dir, 'empty.log')], { backend });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
