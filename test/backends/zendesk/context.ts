// A BackendContext for adapter tests: no config file, the given profile and dispatcher.
import type { BackendContext } from '../../../src/backends/registry.js';
import type { Profile } from '../../../src/config/profile.js';

export function backendContext(profile: Partial<Profile> & Pick<Profile, 'backend'>, extra: Partial<BackendContext> = {}): BackendContext {
  return {
    profile: { profileName: 'test', sources: {}, ...profile },
    paths: { config: '/nonexistent/config', state: '/nonexistent/state', data: '/nonexistent/data' },
    env: {},
    now: () => new Date(),
    lang: 'en',
    ...extra,
  };
}
