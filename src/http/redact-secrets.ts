// Redaction of the profile's own secrets in debug traces and error messages. (Log redaction for
// `ci-failure`, with detectors for every kind of token, lives in src/redact/.)

function variants(secret: string): string[] {
  const out = new Set<string>([secret]);
  out.add(encodeURIComponent(secret));
  out.add(Buffer.from(secret).toString('base64'));
  out.add(Buffer.from(secret).toString('base64url'));
  return [...out].filter((s) => s.length >= 4);
}

/** A function that replaces every known secret (and its URL/base64 encodings) with ********. */
export function redactor(secrets: (string | undefined | null)[]): (text: string) => string {
  const all = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).flatMap(variants);
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
