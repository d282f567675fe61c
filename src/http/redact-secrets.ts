// The profile's own secrets, by value, for text that must otherwise stay as written (an outbox
// entry is sent later exactly as the user wrote it). The value forms (raw, base64, URL-encoded...)
// are src/redact's; sinks meant for people (--debug, error text, diagnostics, CI logs) use
// src/redact's createScrubber, which adds every detector.
import { secretVariants } from '../redact/index.js';

/** A function that replaces every known secret (and its URL/base64 encodings) with ********. */
export function redactor(secrets: (string | undefined | null)[]): (text: string) => string {
  const all = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).flatMap((s) => [s, ...secretVariants(s)]))];
  all.sort((a, b) => b.length - a.length);
  return (text: string) => {
    let t = text;
    for (const s of all) if (t.includes(s)) t = t.split(s).join('********');
    // Authorization headers whatever their value (Basic of user:secret is not a plain variant).
    t = t.replace(/(authorization:\s*)(\S+\s+)?\S+/gi, (_m, h: string, scheme: string | undefined) => `${h}${scheme ?? ''}********`);
    t = t.replace(/(cookie:\s*)[^\n]+/gi, '$1********');
    return t;
  };
}
