// What `ticket doctor` and the wizard's diagnostics step report. The JSON of `ticket doctor --json`
// is this DoctorReport.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id: config, backend, auth, status, environment, clock, proxy, check:<name>. */
  id: string;
  name: string;
  status: CheckStatus;
  /** One line, already redacted. */
  summary: string;
  /** Extra lines (command output, incidents), already redacted and truncated. */
  details?: string[];
  /** For the exit code: the error code of a failed check (config, auth, unavailable...). */
  code?: string;
}

export interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  url: string | null;
  updatedAt: string | null;
}

export interface EnvironmentInfo {
  os: string;
  node: string;
  ticket: string;
  backend: string;
  profile: string | null;
  lang: string;
  proxy: Record<string, string>;
  /** Local clock minus server clock, in seconds; null when the server sent no Date. */
  clockSkewSeconds: number | null;
}

export interface DoctorReport {
  ok: boolean;
  generatedAt: string;
  checks: CheckResult[];
  incidents: Incident[];
  environment: EnvironmentInfo;
  deflections: number;
  /** What writes can set on the backend (null when it could not be asked). */
  capabilities: import('../backends/backend.js').WriteCapabilities | null;
}
