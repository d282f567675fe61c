import type { BackendKind } from '../backends/backend.js';
import { english } from '../i18n/english.js';
import { msg, type Msg } from '../i18n/msg.js';

/** One profile: a backend, where it is, who you are there, and how `ticket` behaves with it. */
export interface Profile {
  backend: BackendKind;
  url?: string;
  /** RT user name, Zendesk/JSM e-mail; Freshdesk uses the API key alone. */
  user?: string;
  token?: string;
  password?: string;
  /** Contact details added to tickets (the seed portals ask for them). */
  name?: string;
  email?: string;
  phone?: string;
  /** Shown when an urgent ticket cannot reach the backend ("call the hotline"). */
  emergencyContact?: string;
  /** Statuspage-compatible base URL: /api/v2/status.json and /api/v2/incidents/unresolved.json. */
  statusPageUrl?: string;
  /** Categories and fields for the local backend (and check commands for any backend). */
  formsFile?: string;
  /** A folder of Markdown articles replacing the local knowledge base. */
  kbDir?: string;
  /** Days after close during which `reopen` reactivates a local ticket. */
  reopenWindowDays?: number;
  /** `ticket status` lists active tickets with no word from support for this long (default 60d). */
  staleAfter?: string;
  lang?: string;
  /** Zendesk: 'agent' uses the Tickets API, 'end-user' the Requests API. */
  mode?: 'agent' | 'end-user';
  /** Freshdesk: the ticket field whose choices are the categories (default: type). */
  categoryField?: string;
  /** Jira Service Management: the service desk to file into (its id or project key). */
  serviceDeskId?: string;
  /** Jira Service Management: 'pat' = the token is a Data Center personal access token (sent as Bearer); default: Cloud API token with the user's e-mail (Basic). */
  tokenType?: 'api-token' | 'pat';
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Default category for `create` when --category is not given. */
  defaultCategory?: string;
  /** Operations this profile may do (comma-separated, `*` = all); TICKET_ALLOW can only narrow it. */
  allow?: string;
  /** No write at all through this profile. */
  readOnly?: boolean;
  /** High and urgent tickets need a justification (default true; false e.g. for CI). */
  requireJustification?: boolean;
  /** The priority `ci-failure` files at without --priority (default low). */
  ciPriority?: string;
}

export const SECRET_KEYS = ['token', 'password'] as const;

export type SettingKind = 'string' | 'number' | 'url' | 'backend' | 'mode' | 'secret' | 'lang' | 'email' | 'category' | 'allow' | 'boolean' | 'priority' | 'duration';

/**
 * Keys `ticket config set` accepts, with how to parse them. Secrets are set by `ticket init` only.
 * A map without a prototype: `constructor`, `__proto__` or `toString` are not settings.
 */
export const PROFILE_KEYS: Record<string, SettingKind> = Object.assign(Object.create(null) as Record<string, SettingKind>, {
  backend: 'backend',
  url: 'url',
  user: 'string',
  token: 'secret',
  password: 'secret',
  name: 'string',
  email: 'string',
  phone: 'string',
  emergencyContact: 'string',
  statusPageUrl: 'url',
  formsFile: 'string',
  kbDir: 'string',
  reopenWindowDays: 'number',
  staleAfter: 'duration',
  lang: 'string',
  mode: 'mode',
  categoryField: 'string',
  serviceDeskId: 'string',
  tokenType: 'string',
  timeoutMs: 'number',
  defaultCategory: 'category',
  allow: 'allow',
  readOnly: 'boolean',
  requireJustification: 'boolean',
  ciPriority: 'priority',
});
PROFILE_KEYS.lang = 'lang';
PROFILE_KEYS.email = 'email';
Object.freeze(PROFILE_KEYS);

/** Is `key` a setting (an own key of PROFILE_KEYS, never an inherited one)? */
export function isSettingKey(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROFILE_KEYS, key);
}

/** The range of every numeric setting: integers within [min, max], with the unit shown to people. */
export const NUMBER_RANGES: Record<string, { min: number; max: number; unit: string }> = Object.assign(Object.create(null) as Record<string, { min: number; max: number; unit: string }>, {
  timeoutMs: { min: 1000, max: 600_000, unit: 'ms' },
  reopenWindowDays: { min: 0, max: 3650, unit: 'days' },
});

/** The error text for a number out of range, or null when it is fine. */
export function numberProblemMsg(key: string, n: unknown): Msg | null {
  const r = NUMBER_RANGES[key];
  if (!r) return null;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < r.min || n > r.max) {
    return msg('err.config.range', { key, min: r.min, max: r.max, unit: r.unit === 'days' ? msg('err.unit.days') : r.unit });
  }
  return null;
}

/** The same in English. */
export function numberProblem(key: string, n: unknown): string | null {
  const m = numberProblemMsg(key, n);
  return m ? english(m) : null;
}

export interface ConfigFile {
  schemaVersion: 1;
  currentProfile?: string;
  profiles: Record<string, Profile>;
}

export function redactProfile(p: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  for (const k of SECRET_KEYS) if (out[k]) out[k] = '********';
  return out;
}
