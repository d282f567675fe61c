import { createScrubber } from '../redact/index.js';

// Output of check commands goes into a ticket: the one redaction of src/redact (every detector, the
// profile's own secrets, the values of secret-named environment variables) runs before it is
// shown or stored. Fails closed: text that cannot be checked is withheld.

export function secretScrubber(secrets: (string | undefined | null)[], env: Record<string, string | undefined> = {}): (text: string) => string {
  // Diagnostics have always shown a masked value as ********.
  return createScrubber({ secrets, env, mark: () => '********' });
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
