// RT checks a Basic-auth password on every REST 2.0 request (bcrypt-like, ~200 ms each here); a
// web session cookie costs ~15 ms. So with a password we log in once through the web login form,
// keep the cookie 0600 under the state dir and reuse it across runs; a 401 means the session
// expired or the server forgot it (restart, logout): log in again and retry once.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';

export interface StoredSession {
  /** "RT_SID_name.port=abcdef" */
  cookie: string;
  createdAt: string;
}

export function sessionFile(stateDir: string, url: string, user: string, password: string): string {
  // The password is part of the key: a changed or wrong password never reuses another's session.
  const h = createHash('sha256').update(`${url}\0${user}\0${password}`).digest('hex').slice(0, 24);
  return join(stateDir, 'sessions', `rt-${h}.json`);
}

export function readSession(file: string): StoredSession | null {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as StoredSession;
    return typeof s.cookie === 'string' && /^RT_SID_[^=;\s]+=[^;\s]+$/.test(s.cookie) ? s : null;
  } catch {
    return null;
  }
}

export function writeSession(file: string, s: StoredSession): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, JSON.stringify(s) + '\n', 0o600);
  } catch {
    // A read-only state dir only costs speed: the next run logs in again.
  }
}

export function dropSession(file: string): void {
  rmSync(file, { force: true });
}

/** The RT session cookie among Set-Cookie headers (undici joins several with ", "). */
export function pickSessionCookie(setCookie: string | undefined): string | null {
  if (!setCookie) return null;
  const m = /(?:^|[,\s])(RT_SID_[^=;,\s]+=[0-9a-fA-F]+)/.exec(setCookie);
  return m ? m[1] : null;
}
