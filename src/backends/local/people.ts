import { userInfo } from 'node:os';

// Who is who in the local store: the OS user as a fallback name, e-mail lists, "same person".

export function osUser(env: Record<string, string | undefined>): string {
  const fromEnv = env.USER || env.LOGNAME || env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'user';
  }
}

export function dedupeEmails(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of list) {
    const v = e.trim();
    if (!v || seen.has(v.toLowerCase())) continue;
    seen.add(v.toLowerCase());
    out.push(v);
  }
  return out;
}

export { samePerson } from '../shared/stale.js';
