// URL building shared by the undici client (client.ts) and RT's node:http transport; no undici here,
// so the transport stays free of its load cost.

export type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

/** `path` relative to `base`, or an absolute URL (hypermedia links), with the query appended. */
export function buildUrl(base: string, path: string, query?: Query): URL {
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.set(k, String(v));
    }
  }
  return url;
}
