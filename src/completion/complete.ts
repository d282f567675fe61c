import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import type { Context } from '../cli/context.js';
import type { Category } from '../model.js';
import { PRIORITIES, STATUSES, TICKET_TYPES } from '../model.js';
import { ConfigStore } from '../config/store.js';
import { accountKey, readRecent, recentFile } from './cache.js';

// `ticket __complete WORD... CURRENT`: what the shell scripts of `ticket completion` call on Tab.
// One candidate per line, "value<TAB>description" (bash keeps the value, zsh and fish show both).
// Everything comes from the command tree and local files (profiles, the category cache, the recent
// tickets that `list` and `show` remember): no network, so Tab never hangs; a budget of 150 ms
// bounds the rest (src/cli/run.ts).

export interface Candidate {
  value: string;
  description?: string;
}

/** Commands whose <id> argument is a ticket id. */
const TICKET_ID_COMMANDS = new Set(['show', 'reply', 'close', 'reopen', 'update', 'browse', 'download']);

function visibleCommands(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function findSub(cmd: Command, word: string): Command | undefined {
  return visibleCommands(cmd).find((c) => c.name() === word || c.aliases().includes(word));
}

function findOption(cmds: Command[], word: string): Option | undefined {
  const flag = word.split('=')[0];
  for (const c of cmds) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

const takesValue = (o: Option) => o.required || o.optional;

export async function complete(program: Command, words: string[], ctx: Context): Promise<Candidate[]> {
  const current = words.length ? words[words.length - 1] : '';
  const before = words.slice(0, -1);
  // Walk the command path; remember the values given to options (--category, --profile).
  let cmd = program;
  const path: Command[] = [program];
  const given: Record<string, string> = {};
  let positionals = 0;
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w.startsWith('-') && w.length > 1) {
      const o = findOption(path, w);
      if (o && takesValue(o) && !w.includes('=')) {
        given[o.attributeName()] = before[i + 1] ?? '';
        i++;
      } else if (o && w.includes('=')) given[o.attributeName()] = w.slice(w.indexOf('=') + 1);
      continue;
    }
    const sub = positionals === 0 ? findSub(cmd, w) : undefined;
    if (sub) {
      cmd = sub;
      path.push(sub);
    } else positionals++;
  }
  const prev = before[before.length - 1];
  const prevOption = prev && prev.startsWith('-') && !prev.includes('=') ? findOption(path, prev) : undefined;
  if (prevOption && takesValue(prevOption)) return filter(await optionValues(prevOption, ctx, given), current);

  if (current.startsWith('-')) {
    const out: Candidate[] = [];
    for (const c of [...path].reverse()) {
      for (const o of c.options) {
        if ((o as unknown as { hidden?: boolean }).hidden) continue;
        if (o.long) out.push({ value: o.long, description: o.description });
      }
    }
    out.push({ value: '--help', description: 'show help' });
    const seen = new Set<string>();
    return filter(out.filter((x) => !seen.has(x.value) && seen.add(x.value)), current);
  }

  const subs = visibleCommands(cmd);
  if (subs.length && positionals === 0) {
    const out: Candidate[] = [];
    for (const s of subs) out.push({ value: s.name(), description: s.description() });
    return filter(out, current);
  }
  if (cmd.name() === 'completion' && positionals === 0) return filter(['bash', 'zsh', 'fish'].map((value) => ({ value })), current);
  if (cmd.parent === program && TICKET_ID_COMMANDS.has(cmd.name()) && positionals === 0) return filter(recentIds(ctx), current);
  if (cmd.parent?.name() === 'profile' && positionals === 0) return filter(profiles(ctx), current);
  return [];
}

function filter(cands: Candidate[], prefix: string): Candidate[] {
  // Comma lists (--status open,pen<Tab>): complete the last element, keep the rest.
  const comma = prefix.lastIndexOf(',');
  const head = comma >= 0 ? prefix.slice(0, comma + 1) : '';
  const last = prefix.slice(comma + 1).toLowerCase();
  return cands.filter((c) => c.value.toLowerCase().startsWith(last)).map((c) => ({ ...c, value: head + c.value }));
}

async function optionValues(o: Option, ctx: Context, given: Record<string, string>): Promise<Candidate[]> {
  if (o.argChoices) return o.argChoices.map((value) => ({ value }));
  switch (o.long) {
    case '--status':
      return STATUSES.map((value) => ({ value }));
    case '--priority':
      return PRIORITIES.map((value) => ({ value }));
    case '--type':
      return TICKET_TYPES.map((value) => ({ value }));
    case '--format':
      return ['table', 'json', 'jsonl', 'csv'].map((value) => ({ value }));
    case '--sort':
      return ['created', 'updated'].map((value) => ({ value }));
    case '--profile':
      return profiles(ctx);
    case '--category':
      return (await categories(ctx)).map((c) => ({ value: c.id, description: c.name }));
    case '--field': {
      const cats = await categories(ctx);
      const wanted = given.category?.toLowerCase();
      const pool = wanted ? cats.filter((c) => c.id.toLowerCase() === wanted || c.name.toLowerCase() === wanted) : cats;
      const seen = new Set<string>();
      const out: Candidate[] = [];
      for (const c of pool) for (const f of c.fields) if (!seen.has(f.key) && seen.add(f.key)) out.push({ value: `${f.key}=`, description: f.label });
      return out;
    }
  }
  return [];
}

function profiles(ctx: Context): Candidate[] {
  try {
    const cfg = new ConfigStore(ctx.paths.config).read();
    return Object.entries(cfg.profiles).map(([value, p]) => ({ value, description: p.backend }));
  } catch {
    return [];
  }
}

function recentIds(ctx: Context): Candidate[] {
  const file = recentFile(ctx);
  if (!file) return [];
  return readRecent(file).map((t) => ({ value: t.id, description: `${t.subject} (${t.status})` }));
}

/** Categories with their fields, from the local forms or the category cache; never the network. */
async function categories(ctx: Context): Promise<Category[]> {
  let p;
  try {
    p = ctx.profile();
  } catch {
    return [];
  }
  if (p.backend === 'local') {
    try {
      return await (await ctx.backend()).listCategories();
    } catch {
      return [];
    }
  }
  try {
    const file = join(ctx.paths.state, 'cache', `categories-${accountKey(p.backend, p.url, p.user)}.json`);
    const c = JSON.parse(readFileSync(file, 'utf8')) as { list: Category[] | null; full: Record<string, Category> };
    const list = c.list ?? Object.values(c.full ?? {});
    return list.map((x) => c.full?.[x.id] ?? x);
  } catch {
    return [];
  }
}

/** Run a completion within `budgetMs`; past it, nothing (the shell then offers nothing). */
export async function completeWithin(program: Command, words: string[], ctx: Context, budgetMs = 150): Promise<Candidate[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Candidate[]>((r) => {
    timer = setTimeout(() => r([]), budgetMs);
  });
  try {
    return await Promise.race([complete(program, words, ctx).catch(() => []), late]);
  } finally {
    clearTimeout(timer);
  }
}
