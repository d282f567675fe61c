import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Paths {
  /** Profiles and preferences (config.json, 0600). */
  config: string;
  /** Drafts, outbox, sessions, counters: things that must survive but are not configuration. */
  state: string;
  /** The local backend's tickets, attachments and knowledge base. */
  data: string;
}

type Env = Record<string, string | undefined>;

/**
 * `TICKET_HOME` moves everything under one directory; otherwise the XDG base directories
 * (never the temp dir: drafts and the outbox must survive a reboot).
 */
export function resolvePaths(env: Env): Paths {
  const home = env.TICKET_HOME;
  if (home) return { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') };
  const userHome = env.HOME || homedir();
  const xdg = (name: string, fallback: string) => {
    const v = env[name];
    return v && v.startsWith('/') ? v : join(userHome, fallback);
  };
  return {
    config: join(xdg('XDG_CONFIG_HOME', '.config'), 'ticket'),
    state: join(xdg('XDG_STATE_HOME', '.local/state'), 'ticket'),
    data: join(xdg('XDG_DATA_HOME', '.local/share'), 'ticket'),
  };
}
