import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { PRIORITIES, STATUSES, TICKET_TYPES, isStatus, isTicketType, type Priority, type Status } from '../../model.js';
import { priorityFromWord } from '../../i18n/priority.js';

// The local backend has no native query language; `--query` takes a tiny key:value syntax
// (docs/local-backend.md):
//
//   status:open,pending  category:DMS  priority:high  type:incident  tag:x  requester:a@b.c  id:1,2
//
// Terms are AND-ed; a value list (comma-separated) is an OR. Words without a key are a text search
// in the subject and the description. Quote values with spaces: category:"Mon service".

export interface LocalQuery {
  status?: Status[];
  category?: string;
  priority?: Priority[];
  type?: string[];
  /** Each group is an OR of tags; all groups must match. */
  tags?: string[][];
  requester?: string;
  ids?: string[];
  search?: string;
}

const KEYS = ['status', 'category', 'priority', 'type', 'tag', 'requester', 'id'];
const HINT = msg('err.query.local.hint');

function tokens(q: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s"]+|"[^"]*")+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q))) out.push(m[0].replace(/"/g, ''));
  return out;
}

export function parseLocalQuery(q: string): LocalQuery {
  const out: LocalQuery = {};
  const words: string[] = [];
  for (const tok of tokens(q)) {
    const m = /^([A-Za-z_-]+):(.*)$/.exec(tok);
    if (!m) {
      words.push(tok);
      continue;
    }
    const key = m[1].toLowerCase();
    const values = m[2]
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (!KEYS.includes(key)) throw new UsageError(msg('err.query.unknownKey', { key: m[1]! }), { hint: HINT });
    if (values.length === 0) throw new UsageError(msg('err.query.noValue', { term: tok }), { hint: HINT });
    switch (key) {
      case 'status': {
        const bad = values.find((v) => !isStatus(v.toLowerCase()));
        if (bad) throw new UsageError(msg('err.query.unknownStatus', { value: bad }), { hint: msg('err.query.statuses.hint', { list: STATUSES.join(', ') }) });
        out.status = values.map((v) => v.toLowerCase() as Status);
        break;
      }
      case 'priority': {
        const bad = values.find((v) => !priorityFromWord(v));
        if (bad) throw new UsageError(msg('err.query.unknownPriority', { value: bad }), { hint: msg('err.query.priorities.hint', { list: PRIORITIES.join(', ') }) });
        out.priority = values.map((v) => priorityFromWord(v)!);
        break;
      }
      case 'type': {
        const bad = values.find((v) => !isTicketType(v.toLowerCase()));
        if (bad) throw new UsageError(msg('err.query.unknownType', { value: bad }), { hint: msg('err.query.types.hint', { list: TICKET_TYPES.join(', ') }) });
        out.type = values.map((v) => v.toLowerCase());
        break;
      }
      case 'category':
        out.category = values[0];
        break;
      case 'tag':
        out.tags = [...(out.tags ?? []), values.map((v) => v.toLowerCase())];
        break;
      case 'requester':
        out.requester = values[0];
        break;
      case 'id':
        out.ids = values.map((v) => v.replace(/^#/, ''));
        break;
    }
  }
  if (words.length) out.search = words.join(' ');
  return out;
}
