import type { Command } from 'commander';
import type { Translate } from '../../i18n/messages.js';
import type { MessageKey } from '../../i18n/messages/en/index.js';
import type { ListFilter } from '../../model.js';
import { filterFrom, type FilterFlags } from './options.js';

// The filter flags of `list` and `bulk`, declared once: which flags, in which order, their help
// text, and how their values become a ListFilter. In `bulk`, --status is the change, so the status
// filter is --where-status there; --sort is a `list` flag only.

export type FilterCommand = 'list' | 'bulk';

interface FilterFlag {
  /** The FilterFlags key the value goes to. */
  key: keyof FilterFlags;
  /**
   * Per command: the commander flags and its help key (absent: not a flag of that command). Defaults
   * are applied by filterFrom, and said in the help text, so "(default: …)" is in the user's language.
   */
  list?: [flags: string, help: MessageKey];
  bulk?: [flags: string, help: MessageKey];
}

const FILTER_FLAGS: readonly FilterFlag[] = [
  { key: 'status', list: ['--status <status[,status]>', 'help.filter.status'], bulk: ['--where-status <s[,s]>', 'help.bulk.whereStatus'] },
  { key: 'category', list: ['--category <category>', 'help.filter.category'], bulk: ['--category <c>', 'help.bulk.category'] },
  { key: 'requester', list: ['--requester <email>', 'help.filter.requester'], bulk: ['--requester <email>', 'help.bulk.requester'] },
  { key: 'mine', list: ['--mine', 'help.filter.mine'], bulk: ['--mine', 'help.bulk.mine'] },
  { key: 'since', list: ['--since <when>', 'help.filter.since'], bulk: ['--since <when>', 'help.bulk.since'] },
  { key: 'search', list: ['--search <text>', 'help.filter.search'], bulk: ['--search <text>', 'help.bulk.search'] },
  { key: 'sort', list: ['--sort <field>', 'help.filter.sort'] },
  { key: 'query', list: ['--query <q>', 'help.filter.query'], bulk: ['--query <q>', 'help.bulk.query'] },
  { key: 'limit', list: ['-L, --limit <n>', 'help.list.limit'], bulk: ['--limit <n>', 'help.bulk.limit'] },
];

/** The commander attribute a filter's value lands in (bulk's --where-status → whereStatus). */
function attr(f: FilterFlag, command: FilterCommand): string {
  return command === 'bulk' && f.key === 'status' ? 'whereStatus' : f.key;
}

/** Add the filter flags of `command` (list or bulk) to `cmd`, with their help in the language of `t`. */
export function addFilterFlags(cmd: Command, command: FilterCommand, t: Translate): Command {
  for (const f of FILTER_FLAGS) {
    const spec = f[command];
    if (!spec) continue;
    cmd.option(spec[0], t(spec[1]));
  }
  return cmd;
}

/** The filter flags as commander parsed them for `command`. */
export function filterFlagsOf(flags: Record<string, unknown>, command: FilterCommand): FilterFlags {
  const out: Record<string, unknown> = {};
  for (const f of FILTER_FLAGS) if (f[command] && flags[attr(f, command)] !== undefined) out[f.key] = flags[attr(f, command)];
  return out as FilterFlags;
}

/** Was any filter given (the limit alone is not one)? */
export function hasFilter(flags: Record<string, unknown>, command: FilterCommand): boolean {
  return FILTER_FLAGS.some((f) => f.key !== 'limit' && f.key !== 'sort' && f[command] !== undefined && flags[attr(f, command)] !== undefined);
}

/** The ListFilter of the parsed flags of `command` (bulk: all matches unless --limit). */
export function filterFromFlags(flags: Record<string, unknown>, command: FilterCommand, now: Date): ListFilter {
  return filterFrom(filterFlagsOf(flags, command), now, command === 'bulk' ? 0 : 30);
}
