import { UsageError } from '../../errors.js';

/** "42", "#42" → "42". Ids are opaque strings for the backend; only obvious junk is refused. */
export function parseId(raw: string): string {
  const id = raw.trim().replace(/^#/, '');
  if (!id || /\s/.test(id)) throw new UsageError(`"${raw}" is not a ticket id.`, { hint: 'Use the id shown by `ticket list`, e.g. 42.' });
  return id;
}
