import { redactor } from '../http/redact-secrets.js';

// Output of check commands goes into a ticket: scrub the profile's own secrets and anything that
// looks like a credential before it is shown or stored.

const PATTERNS: [RegExp, string][] = [
  // key=value / key: value where the key names a secret
  [/\b((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth)[\w-]*\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1********'],
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ********'],
  // credentials in URLs
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, '$1$2:********@'],
  // well-known token shapes
  [/\bAKIA[0-9A-Z]{16}\b/g, '********'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, '********'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, '********'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, '********'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '******** (private key)'],
];

export function secretScrubber(secrets: (string | undefined | null)[]): (text: string) => string {
  const own = redactor(secrets);
  return (text: string) => {
    let t = own(text);
    for (const [re, rep] of PATTERNS) t = t.replace(re, rep);
    return t;
  };
}

/** Keep the last `maxLines` lines and at most `maxChars` characters, saying what was cut. */
export function truncateOutput(text: string, maxLines = 20, maxChars = 2000): string {
  let lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  let cut = 0;
  if (lines.length > maxLines) {
    cut = lines.length - maxLines;
    lines = lines.slice(-maxLines);
  }
  let out = lines.join('\n');
  if (out.length > maxChars) {
    out = '…' + out.slice(out.length - maxChars + 1);
  }
  return cut ? `… (${cut} earlier lines cut)\n${out}` : out;
}
