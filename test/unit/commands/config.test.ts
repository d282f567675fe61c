import { describe, expect, it } from 'vitest';
import { statSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';

describe('ticket config / profile / init', () => {
  it('config set writes a 0600 file in a 0700 directory; get and list read it back', async () => {
    const home = tempHome();
    const set = await runCli(['config', 'set', 'emergencyContact', '+33 1 23 45 67 89'], { home });
    expect(set.code).toBe(0);
    const path = (await runCli(['config', 'path'], { home })).stdout.trim();
    expect(path).toBe(join(home, 'config', 'config.json'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'config')).mode & 0o777).toBe(0o700);
    expect((await runCli(['config', 'get', 'emergencyContact'], { home })).stdout).toBe('+33 1 23 45 67 89\n');
    const list = JSON.parse((await runCli(['config', 'list', '--json'], { home })).stdout);
    expect(list).toMatchObject({ profile: 'default', settings: { backend: 'local', emergencyContact: '+33 1 23 45 67 89' } });
  });

  it('refuses secrets on the command line, unknown keys and bad URLs', async () => {
    const home = tempHome();
    const secret = await runCli(['config', 'set', 'token', 's3cret'], { home });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/cannot be set on the command line/);
    const unknown = await runCli(['config', 'set', 'emergencyContac', 'x'], { home });
    expect(unknown.stderr).toMatch(/Did you mean "emergencyContact"/);
    expect((await runCli(['config', 'set', 'url', 'http://example.com'], { home })).stderr).toMatch(/must use https/);
    expect((await runCli(['config', 'set', 'url', 'https://u:p@example.com'], { home })).stderr).toMatch(/must not contain credentials/);
  });

  it('a corrupt config file is reported with what to do, never reset', async () => {
    const home = tempHome();
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(join(home, 'config', 'config.json'), '{"profiles": {');
    const r = await runCli(['list'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/is not valid JSON/);
    expect(r.stderr).toMatch(/hint: .*mv /);
    expect(readFileSync(join(home, 'config', 'config.json'), 'utf8')).toBe('{"profiles": {');
  });

  it('init verifies credentials before saving, reads the secret from stdin, and keeps it out of output', async () => {
    const home = tempHome();
    const backend = new MemoryBackend();
    const r = await runCli(['init', '--profile', 'work', '--backend', 'rt', '--url', 'http://127.0.0.1:9', '--user', 'jane', '--json'], {
      home,
      backend,
      stdin: 'hunter2-secret\n',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'work', backend: 'rt', verified: true, as: 'jane@example.com' });
    expect(r.stdout).not.toContain('hunter2');
    const file = readFileSync(join(home, 'config', 'config.json'), 'utf8');
    expect(JSON.parse(file).profiles.work.password).toBe('hunter2-secret');
    const list = await runCli(['config', 'list', '--profile', 'work'], { home });
    expect(list.stdout).toContain('password=********');
    expect(list.stdout).not.toContain('hunter2');
  });

  it('init does not save a secret that came from the environment', async () => {
    const home = tempHome();
    const r = await runCli(['init', '--backend', 'rt', '--url', 'http://127.0.0.1:9', '--user', 'jane'], {
      home,
      backend: new MemoryBackend(),
      env: { TICKET_PASSWORD: 'from-env-secret' },
    });
    expect(r.code).toBe(0);
    expect(readFileSync(join(home, 'config', 'config.json'), 'utf8')).not.toContain('from-env-secret');
  });

  it('profiles: list, use, remove; an unknown profile is exit 4 with the known ones', async () => {
    const home = tempHome();
    await runCli(['init', '--profile', 'a', '--backend', 'local'], { home });
    await runCli(['init', '--profile', 'b', '--backend', 'local'], { home });
    expect((await runCli(['profile', 'use', 'b'], { home })).code).toBe(0);
    const rows = JSON.parse((await runCli(['profile', 'list', '--json'], { home })).stdout);
    expect(rows.map((x: { name: string; current: boolean }) => [x.name, x.current])).toEqual([['a', false], ['b', true]]);
    const missing = await runCli(['list', '--profile', 'zz'], { home });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/Known profiles: a, b/);
    expect((await runCli(['profile', 'remove', 'a'], { home })).code).toBe(2); // needs --yes without a terminal
    expect((await runCli(['profile', 'remove', 'a', '--yes'], { home })).code).toBe(0);
    expect(JSON.parse((await runCli(['profile', 'list', '--json'], { home })).stdout)).toHaveLength(1);
  });
});

describe('global behaviour', () => {
  it('unknown command and unknown flag are usage errors (exit 2), JSON with --json', async () => {
    const r = await runCli(['lsit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean list\?/);
    const j = await runCli(['list', '--bogus', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stderr).error.code).toBe('usage');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
