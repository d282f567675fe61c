// What --debug shows of a request: credentials masked whatever the scheme, no URL userinfo, secret-looking
// query values masked. Used by the one HTTP policy (policy.ts) for both transports.

/** Headers that carry credentials: never sent to another origin, never traced. */
export const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|private-token|x-auth-token|x-access-token|x-csrf-token|x-rt-token)$/i;
/** Other header or query names whose values look secret (traces only). */
const SECRET_NAME = /(auth|token|secret|passw|pwd|api[-_]?key|session|cookie|signature|credential)/i;

/** A header value for --debug: credentials masked whatever the scheme ("Basic ********"). */
export function traceHeader(name: string, value: string): string {
  if (name.toLowerCase() === 'idempotency-key') return value;
  if (CREDENTIAL_HEADER.test(name) || SECRET_NAME.test(name)) {
    const scheme = /^(basic|bearer|token|digest|negotiate)\s+/i.exec(value);
    return `${scheme ? scheme[1] + ' ' : ''}********`;
  }
  return value;
}

/** A URL for --debug: no userinfo, secret-looking query values masked. */
export function traceUrl(u: URL | string): string {
  const url = new URL(String(u));
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  for (const k of [...new Set(url.searchParams.keys())]) {
    if (SECRET_NAME.test(k)) url.searchParams.set(k, '********');
  }
  return url.toString();
}
