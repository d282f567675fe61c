// Where the RT test server is (scripts/rt/start.sh writes these to $RT_STATE/env). Under CI=true a
// missing server is a failure, not a skip: CI must run scripts/rt/start.sh first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRtBackend } from '../../src/backends/rt/index.js';
import type { Backend } from '../../src/backends/backend.js';
import type { BackendContext } from '../../src/backends/registry.js';

export interface RtEnv {
  url: string;
  adminUser: string;
  adminPassword: string;
  user: string;
  password: string;
  email: string;
}

export function rtEnv(): RtEnv | null {
  const e = process.env;
  if (!e.RT_URL) return null;
  return {
    url: e.RT_URL,
    adminUser: e.RT_ADMIN_USER ?? 'root',
    adminPassword: e.RT_ADMIN_PASSWORD ?? 'password',
    user: e.RT_CUSTOMER_USER ?? 'customer',
    password: e.RT_CUSTOMER_PASSWORD ?? 'customer-password',
    email: e.RT_CUSTOMER_EMAIL ?? 'customer@example.com',
  };
}

/** Skip locally without a server; fail under CI. */
export function rtUnavailable(): string | null {
  if (process.env.RT_URL) return null;
  return 'RT_URL is not set: start the test server with scripts/rt/start.sh and source $RT_STATE/env (RT_URL, RT_CUSTOMER_USER, ...).';
}

export function isCI(): boolean {
  return !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
}

export function tempDir(prefix = 'ticket-rt-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function makeBackend(
  home: string,
  creds: { url: string; user?: string; password?: string; token?: string; email?: string },
  extra: Partial<BackendContext> = {},
): Backend {
  return createRtBackend({
    profile: { backend: 'rt', profileName: null, sources: {}, ...creds },
    paths: { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') },
    env: {},
    now: () => new Date(),
    lang: 'en',
    ...extra,
  });
}

/** A unique token for subjects, so tests find their own tickets on a shared server. */
export function tag(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}
