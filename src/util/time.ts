/**
 * A backend timestamp as UTC ISO 8601 with a `Z` and no milliseconds ("2026-11-23T10:00:00Z"),
 * whatever offset or precision the backend used. Empty or unparseable input comes back as given.
 */
export function toUtcIso(s: string | null | undefined): string {
  if (!s) return '';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return d.toISOString().replace(/\.000Z$/, 'Z');
}
