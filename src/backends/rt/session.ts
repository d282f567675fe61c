// RT checks a Basic-auth password on every REST 2.0 request (bcrypt-like, ~200 ms each here); a
// web session cookie costs ~15 ms. So with a password we log in once through the web login form,
// keep the cookie 0600 under the state dir and reuse it across runs; a 401 means the session
// expired or the server forgot it (restart, logout): log in again and retry once.

import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';

export interface StoredSession {
  /** "RT_SID_name.port=abcdef" */
  cookie: string;
  createdAt: string;
  /**
   * Which password logged in: a salted, stretched check (PBKDF2), so a changed or wrong password
   * never reuses the session, without an unsalted hash anyone could test guesses against. It sits
   * beside the cookie itself, in the same 0600 file.
   */
  check?: { salt: string; hash: string };
}

const ITERATIONS = 10_000;
const derive = (password: string, salt: string) => pbkdf2Sync(password, Buffer.from(salt, 'hex'), ITERATIONS, 32, 'sha256');

/** The check to store for `password`. */
export function passwordCheck(password: string): { salt: string; hash: string } {
  const salt = randomBytes(16).toString('hex');
  return { salt, hash: derive(password, salt).toString('hex') };
}

function checkMatches(check: StoredSession['check'], password: string | undefined): boolean {
  if (password === undefined) return true;
  if (!check || typeof check.salt !== 'string' || typeof check.hash !== 'string' || !/^[0-9a-f]{32}$/.test(check.salt)) return false;
  const want = Buffer.from(check.hash, 'hex');
  const got = derive(password, check.salt);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * The session file of a server and user. Named from the URL and the user only: nothing derived from
 * the password (a hash of it, even truncated, lets anyone who can list the directory test guesses
 * offline). A changed password still finds the file: the cookie is the same user's session on the
 * same server, and a cookie the server no longer accepts is answered 401 and replaced by a login
 * with the new password.
 */
export function sessionFile(stateDir: string, url: string, user: string): string {
  const h = createHash('sha256').update(`ticket-rt-session\0${url}\0${user}`).digest('hex').slice(0, 24);
  return join(stateDir, 'sessions', `rt-${h}.json`);
}

/** The stored session, when it was made with `password` (a session of another password is ignored). */
export function readSession(file: string, password?: string): StoredSession | null {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as StoredSession;
    if (!(typeof s.cookie === 'string' && /^RT_SID_[^=;\s]+=[^;\s]+$/.test(s.cookie))) return null;
    return checkMatches(s.check, password) ? s : null;
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
