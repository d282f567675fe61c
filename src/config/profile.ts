import type { BackendKind } from '../backends/backend.js';

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
  lang?: string;
  /** Zendesk: 'agent' uses the Tickets API, 'end-user' the Requests API. */
  mode?: 'agent' | 'end-user';
  /** Freshdesk: the ticket field whose choices are the categories (default: type). */
  categoryField?: string;
  /** Jira Service Management: the service desk to file into. */
  serviceDeskId?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Default category for `create` when --category is not given. */
  defaultCategory?: string;
  /** Operations this profile may do (comma-separated, `*` = all); TICKET_ALLOW can only narrow it. */
  allow?: string;
  /** No write at all through this profile. */
  readOnly?: boolean;
}

export const SECRET_KEYS = ['token', 'password'] as const;

/** Keys `ticket config set` accepts, with how to parse them. Secrets are set by `ticket init` only. */
export const PROFILE_KEYS: Record<string, 'string' | 'number' | 'url' | 'backend' | 'mode' | 'secret' | 'allow' | 'boolean'> = {
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
  lang: 'string',
  mode: 'mode',
  categoryField: 'string',
  serviceDeskId: 'string',
  timeoutMs: 'number',
  defaultCategory: 'string',
  allow: 'allow',
  readOnly: 'boolean',
};

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
