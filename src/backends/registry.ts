import type { Backend, BackendKind } from './backend.js';
import type { BackendContext } from './context.js';
import { ConfigError } from '../errors.js';

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

export type { BackendContext } from './context.js';
export { requireUrl } from './context.js';
