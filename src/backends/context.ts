// What every backend adapter is built from, below the registry that picks one.
import type { ResolvedProfile } from '../config/resolve.js';
import type { Paths } from '../config/paths.js';
import { ConfigError, isTicketError } from '../errors.js';
import { translator } from '../i18n/messages.js';
import { msg } from '../i18n/msg.js';

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
  /** One-line warnings for the user (stderr); e.g. the local index was rebuilt. */
  warn?: (line: string) => void;
  lang: string;
}

export function requireUrl(bc: BackendContext): string {
  const url = bc.profile.url;
  if (!url) {
    throw new ConfigError(msg('err.backend.needsUrl', { backend: bc.profile.backend }), {
      hint: msg('err.backend.needsUrl.hint', { backend: bc.profile.backend }),
    });
  }
  return url.replace(/\/+$/, '');
}

/** An error's message in the user's language (health reports are read by `ticket doctor`). */
export function sayError(bc: BackendContext, e: unknown): string {
  if (isTicketError(e)) return e.say(translator(bc.lang)).message;
  return e instanceof Error ? e.message : String(e);
}
