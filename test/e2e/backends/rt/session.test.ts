// Session reuse: a password profile logs in once, keeps the cookie 0600 in the state dir, reuses it
// in later runs, and logs in again when the server forgot the session (logout, expiry, restart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, isCI, makeBackend, rtEnv, rtUnavailable, tempDir } from '../../../helpers/rt-env.js';

const why = rtUnavailable();
const env = rtEnv();
const SCRIPTS = fileURLToPath(new URL('../../../../scripts/rt/', import.meta.url));

function traced(home: string) {
  const lines: string[] = [];
  const b = makeBackend(home, { url: env!.url, user: env!.user, password: env!.password }, { debug: (l) => lines.push(l) });
  return {
    b,
    lines,
    logins: () => lines.filter((l) => /→ POST .*\/NoAuth\/Login\.html/.test(l)).length,
  };
}

function sessionFiles(home: string): string[] {
  const dir = join(home, 'state', 'sessions');
  try {
    return readdirSync(dir).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

describe.runIf(!why)('RT session cookie', () => {
  let home: string;
  beforeAll(() => {
    home = tempDir();
  });
  afterAll(() => cleanup(home));

  it('logs in once, stores the cookie 0600 without the password, and the next run reuses it', async () => {
    const first = traced(home);
    await first.b.whoami();
    await first.b.listTickets({ limit: 1, sort: 'created' });
    await first.b.close?.();
    expect(first.logins()).toBe(1);
    const files = sessionFiles(home);
    expect(files).toHaveLength(1);
    expect(statSync(files[0]).mode & 0o777).toBe(0o600);
    const stored = readFileSync(files[0], 'utf8');
    expect(stored).toMatch(/RT_SID_/);
    expect(stored).not.toContain(env!.password);
    // --debug traces never show the cookie or a password.
    expect(first.lines.join('\n')).not.toMatch(/RT_SID_[^=]+=[0-9a-f]{8}/);
    expect(first.lines.join('\n')).not.toContain(env!.password);

    const second = traced(home);
    await second.b.whoami();
    await second.b.close?.();
    expect(second.logins()).toBe(0);
    expect(readFileSync(files[0], 'utf8')).toBe(stored);
  });

  it('renews the session when the server has forgotten it (logout), transparently', async () => {
    const [file] = sessionFiles(home);
    const { cookie } = JSON.parse(readFileSync(file, 'utf8')) as { cookie: string };
    // Invalidate it server-side, as an expiry or a wiped session store would.
    const res = await fetch(`${env!.url}/NoAuth/Logout.html`, { headers: { cookie }, redirect: 'manual' });
    await res.arrayBuffer();
    const after = await fetch(`${env!.url}/REST/2.0/rt`, { headers: { cookie }, redirect: 'manual' });
    await after.arrayBuffer();
    expect(after.status).not.toBe(200);

    const t = traced(home);
    expect((await t.b.whoami()).email).toBe(env!.email);
    // A POST after renewal as well (a create must not be lost to a stale session).
    expect((await t.b.listCategories()).length).toBeGreaterThan(0);
    await t.b.close?.();
    expect(t.logins()).toBe(1);
    const renewed = JSON.parse(readFileSync(file, 'utf8')) as { cookie: string };
    expect(renewed.cookie).not.toBe(cookie);
  });

  it('parallel requests of a fresh process share one login', async () => {
    const other = tempDir();
    try {
      const t = traced(other);
      await Promise.all([t.b.listCategories(), t.b.listTickets({ limit: 2, sort: 'created' }), t.b.whoami(), t.b.health()]);
      await t.b.close?.();
      expect(t.logins()).toBe(1);
      expect(sessionFiles(other)).toHaveLength(1);
    } finally {
      cleanup(other);
    }
  });

  it('a different password never reuses the stored session', async () => {
    const bad = makeBackend(home, { url: env!.url, user: env!.user, password: 'not-the-password' });
    await expect(bad.whoami()).rejects.toMatchObject({ exitCode: 4 });
    await bad.close?.();
    expect(sessionFiles(home)).toHaveLength(1);
  });

  // Restarting the shared server would disturb the other suites that use it: opt-in.
  it.runIf(process.env.RT_TEST_RESTART === '1')('keeps working across a server restart', async () => {
    const t = traced(home);
    await t.b.whoami();
    execFileSync(join(SCRIPTS, 'stop.sh'), { stdio: 'ignore' });
    execFileSync(join(SCRIPTS, 'start.sh'), { stdio: 'ignore', timeout: 120_000 });
    expect((await t.b.whoami()).email).toBe(env!.email);
    await t.b.close?.();
    const again = traced(home);
    expect((await again.b.listTickets({ limit: 1, sort: 'created' })).length).toBeLessThanOrEqual(1);
    await again.b.close?.();
  }, 150_000);
});

describe.runIf(isCI() && !!why)('RT session (CI without a server)', () => {
  it('needs the RT test server in CI', () => {
    throw new Error(why!);
  });
});
