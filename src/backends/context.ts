// What every backend adapter is built from, below the registry that picks one.
import type { ResolvedProfile } from '../config/resolve.js';
import type { Paths } from '../config/paths.js';
import { ConfigError } from '../errors.js';

/** What a backend adapter is built from. No globals: tests pass a MockAgent as the dispatcher. */
export interface BackendContext {
  profile: ResolvedProfile;
  paths: Paths;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** undici Dispatcher; when absent the HTTP client builds its own (proxy-aware) agent. */
  dispatcher?: unknown;
  /** --debug trace sink; lines are already redacted. */
  debug?: (line: string) => void;
  lang: string;
}

export function requireUrl(bc: BackendContext): string {
  const url = bc.profile.url;
  if (!url) {
    throw new ConfigError(`The ${bc.profile.backend} backend needs a URL.`, {
      hint: `Set it with \`ticket init --backend ${bc.profile.backend} --url URL\` or TICKET_URL.`,
    });
  }
  return url.replace(/\/+$/, '');
}
