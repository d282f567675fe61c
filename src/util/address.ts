import type { Person } from '../model.js';

/**
 * An e-mail address as backends send it: "rachel@example.com", "Rachel <rachel@example.com>" or
 * "\"Doe, Jane\" <jane@example.com>" → name and e-mail apart.
 */
export function parseAddress(raw: string | null | undefined): Person {
  const s = (raw ?? '').trim();
  if (!s) return { name: null, email: null };
  const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(s);
  if (m) {
    const name = m[1].trim().replace(/^"(.*)"$/, '$1').trim();
    return { name: name || null, email: m[2] };
  }
  return { name: null, email: s };
}
