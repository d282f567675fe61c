import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';

/** "42", "#42" → "42". Ids are opaque strings for the backend; only obvious junk is refused. */
export function parseId(raw: string): string {
  const id = raw.trim().replace(/^#/, '');
  if (!id || /\s/.test(id)) throw new UsageError(msg('cmd.id.bad', { value: raw }), { hint: msg('cmd.id.bad.hint') });
  return id;
}
