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
      throw unsupported(kind)!;
  }
}

/** Kinds of the contract that this version cannot talk to yet. */
export function unsupported(kind: BackendKind): ConfigError | null {
  if (kind !== 'jsm') return null;
  return new ConfigError('The Jira Service Management backend is not available in this version.', {
    hint: 'Use local, rt, zendesk or freshdesk.',
  });
}

export type { BackendContext } from './context.js';
export { requireUrl } from './context.js';
