import { BACKEND_KINDS, type BackendKind } from '../backends/backend.js';
import { ConfigError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { numberProblemMsg, NUMBER_RANGES, type Profile } from './profile.js';
import type { ConfigStore } from './store.js';

type Env = Record<string, string | undefined>;

export interface ResolvedProfile extends Profile {
  /** Profile name, or null when running on the implicit local default. */
  profileName: string | null;
  /** Where each credential came from, for `doctor` (never the value). */
  sources: Record<string, 'flag' | 'env' | 'profile' | 'default'>;
}

export const DEFAULT_PROFILE = 'default';

/**
 * Which profile, then which values: flag > environment > profile. With no profile at all the
 * embedded `local` backend is used, so `ticket new` works on a fresh machine.
 */
export function resolveProfile(store: ConfigStore, env: Env, flagProfile?: string): ResolvedProfile {
  const cfg = store.read();
  const requested = flagProfile ?? env.TICKET_PROFILE;
  const name = requested ?? cfg.currentProfile ?? (cfg.profiles[DEFAULT_PROFILE] ? DEFAULT_PROFILE : null);
  let base: Profile | undefined;
  const sources: ResolvedProfile['sources'] = {};
  if (name) {
    base = cfg.profiles[name];
    if (!base && requested && !env.TICKET_BACKEND) {
      const known = Object.keys(cfg.profiles);
      throw new ConfigError(msg('err.config.noProfile', { name }), {
        hint: known.length ? msg('err.config.noProfile.hintKnown', { known: known.join(', '), name }) : msg('err.config.noProfile.hintNone', { name }),
      });
    }
  }
  const p: Profile = { backend: 'local', ...(base ?? {}) };
  sources.backend = base ? 'profile' : 'default';
  for (const k of ['url', 'user', 'token', 'password'] as const) if (p[k]) sources[k] = 'profile';
  const envMap: [keyof Profile, string][] = [
    ['backend', 'TICKET_BACKEND'],
    ['url', 'TICKET_URL'],
    ['user', 'TICKET_USER'],
    ['token', 'TICKET_TOKEN'],
    ['password', 'TICKET_PASSWORD'],
  ];
  for (const [key, var_] of envMap) {
    const v = env[var_];
    if (v) {
      (p as unknown as Record<string, unknown>)[key] = v;
      sources[key] = 'env';
    }
  }
  // A hand-edited file is bounded like `config set`: an out-of-range number is named, not used.
  for (const key of Object.keys(NUMBER_RANGES)) {
    const v = (p as unknown as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const problem = numberProblemMsg(key, v);
    if (problem) {
      const named = name ? msg('err.config.badNumber.name', { name }) : '';
      throw new ConfigError(msg('err.config.badNumber', { name: named, key, value: JSON.stringify(v), problem }), {
        hint: msg('err.config.badNumber.hint', { key }),
      });
    }
  }
  if (!BACKEND_KINDS.includes(p.backend as BackendKind)) {
    throw new ConfigError(msg('err.config.unknownBackend', { backend: String(p.backend) }), { hint: msg('err.useOneOf.hint', { list: BACKEND_KINDS.join(', ') }) });
  }
  return { ...p, profileName: name ?? null, sources };
}
