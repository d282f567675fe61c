import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '../model.js';
import { PRIORITIES, STATUSES, TICKET_TYPES } from '../model.js';
import type { Paths } from '../config/paths.js';
import type { ResolvedProfile } from '../config/resolve.js';
import { accountKey, readRecent } from './cache.js';
import type { CmdNode, OptNode } from './tree.js';

// `ticket __complete WORD... CURRENT`: what the shell scripts of `ticket completion` call on Tab.
// One candidate per line, "value<TAB>description" (bash keeps the value, zsh and fish show both).
// Everything comes from the command tree and local files (profiles, the category cache, the recent
// tickets that `list` and `show` remember): no network, so Tab never hangs, and a budget of 150 ms
// bounds the rest.

export interface Candidate {
  value: string;
  description?: string;
}

/** Where completion reads what it offers: local files only. */
export interface CompletionSource {
  paths: Paths;
  profile(): ResolvedProfile | null;
  profileNames(): { name: string; backend: string }[];
  localCategories(p: ResolvedProfile): Promise<Category[]>;
}

type Env = Record<string, string | undefined>;

export function fileSource(paths: Paths, env: Env, profileFlag?: string): CompletionSource {
  let profile: ResolvedProfile | null | undefined;
  return {
    paths,
    profile() {
      if (profile === undefined) {
        try {
          profile = null;
          // Loaded here, not at the top: tests and the fast path share this module.
          profile = resolveProfileSync(paths, env, profileFlag);
        } catch {
          profile = null;
        }
      }
      return profile;
    },
    profileNames() {
      try {
        const cfg = JSON.parse(readFileSync(join(paths.config, 'config.json'), 'utf8')) as { profiles?: Record<string, { backend?: string }> };
        return Object.entries(cfg.profiles ?? {}).map(([name, p]) => ({ name, backend: p.backend ?? '' }));
      } catch {
        return [];
      }
    },
    async localCategories(p) {
      const { defaultCategories, formsFilePath, loadFormsFile } = await import('../backends/local/forms.js');
      const where = formsFilePath(p.formsFile, paths.config);
      return where ? loadFormsFile(where.path) : defaultCategories();
    },
  };
}

let resolveProfileSync: (paths: Paths, env: Env, flag?: string) => ResolvedProfile = () => {
  throw new Error('not loaded');
};
/** The profile resolver (config/resolve.js), loaded once before completing. */
export async function loadResolver(): Promise<void> {
  const [{ resolveProfile }, { ConfigStore }] = await Promise.all([import('../config/resolve.js'), import('../config/store.js')]);
  resolveProfileSync = (paths, env, flag) => resolveProfile(new ConfigStore(paths.config), env, flag);
}

/** Commands whose <id> argument is a ticket id. */
const TICKET_ID_COMMANDS = new Set(['show', 'reply', 'close', 'reopen', 'update', 'browse', 'download']);

const findSub = (cmd: CmdNode, word: string) => cmd.commands.find((c) => c.name === word || c.aliases.includes(word));

function findOption(cmds: CmdNode[], word: string): OptNode | undefined {
  const flag = word.split('=')[0];
  for (const c of cmds) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

export async function complete(tree: CmdNode, words: string[], src: CompletionSource): Promise<Candidate[]> {
  const current = words.length ? words[words.length - 1] : '';
  const before = words.slice(0, -1);
  // Walk the command path; remember the values given to options (--category for --field).
  let cmd = tree;
  const path: CmdNode[] = [tree];
  const given: Record<string, string> = {};
  let positionals = 0;
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w.startsWith('-') && w.length > 1) {
      const o = findOption(path, w);
      if (o && o.value && !w.includes('=')) {
        given[o.name] = before[i + 1] ?? '';
        i++;
      } else if (o && w.includes('=')) given[o.name] = w.slice(w.indexOf('=') + 1);
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
  if (prevOption && prevOption.value) return filter(await optionValues(prevOption, src, given), current);

  if (current.startsWith('-')) {
    const seen = new Set<string>();
    const out: Candidate[] = [];
    for (const c of [...path].reverse()) for (const o of c.options) if (o.long && !seen.has(o.long) && seen.add(o.long)) out.push({ value: o.long, description: o.description });
    if (!seen.has('--help')) out.push({ value: '--help', ...(tree.help ? { description: tree.help } : {}) });
    return filter(out, current);
  }
  if (cmd.commands.length && positionals === 0) return filter(cmd.commands.map((s) => ({ value: s.name, description: s.description })), current);
  if (cmd.name === 'completion' && positionals === 0) return filter(['bash', 'zsh', 'fish'].map((value) => ({ value })), current);
  const parent = path.length >= 2 ? path[path.length - 2] : null;
  if (parent === tree && TICKET_ID_COMMANDS.has(cmd.name) && positionals === 0) return filter(recentIds(src), current);
  if (parent?.name === 'profile' && positionals === 0) return filter(profiles(src), current);
  return [];
}

function filter(cands: Candidate[], prefix: string): Candidate[] {
  // Comma lists (--status open,pen<Tab>): complete the last element, keep the rest.
  const comma = prefix.lastIndexOf(',');
  const head = comma >= 0 ? prefix.slice(0, comma + 1) : '';
  const last = prefix.slice(comma + 1).toLowerCase();
  return cands.filter((c) => c.value.toLowerCase().startsWith(last)).map((c) => ({ ...c, value: head + c.value }));
}

async function optionValues(o: OptNode, src: CompletionSource, given: Record<string, string>): Promise<Candidate[]> {
  if (o.choices) return o.choices.map((value) => ({ value }));
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
      return profiles(src);
    case '--category':
      return (await categories(src)).map((c) => ({ value: c.id, description: c.name }));
    case '--field': {
      const cats = await categories(src);
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

const profiles = (src: CompletionSource): Candidate[] => src.profileNames().map((p) => ({ value: p.name, description: p.backend }));

function accountOf(src: CompletionSource): string | null {
  const p = src.profile();
  return p ? accountKey(p.backend, p.url, p.user) : null;
}

function recentIds(src: CompletionSource): Candidate[] {
  const key = accountOf(src);
  if (!key) return [];
  return readRecent(join(src.paths.state, 'cache', `recent-${key}.json`)).map((t) => ({ value: t.id, description: `${t.subject} (${t.status})` }));
}

/** Categories with their fields: the local forms, or the category cache of a remote account. */
async function categories(src: CompletionSource): Promise<Category[]> {
  const p = src.profile();
  if (!p) return [];
  if (p.backend === 'local') return src.localCategories(p).catch(() => []);
  try {
    const file = join(src.paths.state, 'cache', `categories-${accountKey(p.backend, p.url, p.user)}.json`);
    const c = JSON.parse(readFileSync(file, 'utf8')) as { list: Category[] | null; full: Record<string, Category> };
    const list = c.list ?? Object.values(c.full ?? {});
    return list.map((x) => c.full?.[x.id] ?? x);
  } catch {
    return [];
  }
}

/** Complete within `budgetMs`; past it, nothing (the shell then offers nothing). */
export async function completeWithin(tree: CmdNode, words: string[], src: CompletionSource, budgetMs = 150): Promise<Candidate[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Candidate[]>((r) => {
    timer = setTimeout(() => r([]), budgetMs);
  });
  try {
    await loadResolver();
    return await Promise.race([complete(tree, words, src).catch(() => []), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatCandidates(cands: Candidate[]): string {
  return cands.map((c) => (c.description ? `${c.value}\t${c.description.replace(/[\t\n]/g, ' ')}` : c.value) + '\n').join('');
}

/** The whole `__complete` invocation: words in, candidate lines out. */
export async function runComplete(tree: CmdNode, words: string[], paths: Paths, env: Env): Promise<string> {
  const pi = words.findIndex((w) => w === '--profile');
  const src = fileSource(paths, env, pi >= 0 ? words[pi + 1] : undefined);
  return formatCandidates(await completeWithin(tree, words, src));
}
