import type { Backend, BackendKind } from './backend.js';
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

/** Load only the adapter that is configured. */
export async function createBackend(bc: BackendContext): Promise<Backend> {
  const kind: BackendKind = bc.profile.backend;
  switch (kind) {
    case 'local':
      return (await import('./local/index.js')).createLocalBackend(bc);
    case 'rt':
      return (await import('./rt/index.js')).createRtBackend(bc);
    case 'zendesk':
      return (await import('./zendesk/index.js')).createZendeskBackend(bc);
    case 'freshdesk':
      return (await import('./freshdesk/index.js')).createFreshdeskBackend(bc);
    case 'jsm':
      return (await import('./jsm/index.js')).createJsmBackend(bc);
  }
}

/** Kinds of the contract that this version cannot talk to yet (none since JSM landed). */
export function unsupported(_kind: BackendKind): ConfigError | null {
  return null;
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
