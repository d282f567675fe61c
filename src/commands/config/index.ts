import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { PROFILE_KEYS, SECRET_KEYS, isSettingKey, numberProblem, NUMBER_RANGES, redactProfile, type Profile } from '../../config/profile.js';
import { LANGUAGES } from '../../i18n/lang.js';
import { isEmail } from '../../util/text.js';
import { ValidationError } from '../../errors.js';
import { ConfigStore } from '../../config/store.js';
import { DEFAULT_PROFILE } from '../../config/resolve.js';
import { BACKEND_KINDS } from '../../backends/backend.js';
import { closest } from '../../util/text.js';
import { parseAllow } from '../../backends/guard.js';
import { parsePriority } from '../../operations/priority.js';
import { contactProblem } from '../../config/contact.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const config = program.command('config').description(t('adm.help.config'));
  config
    .command('get')
    .description(t('adm.help.config.get'))
    .argument('<key>', t('adm.help.config.get.key', { keys: Object.keys(PROFILE_KEYS).join(', ') }))
    .action(async (key: string) => runConfigGet(host.context(), key));
  config
    .command('set')
    .description(t('adm.help.config.set'))
    .argument('<key>', t('adm.help.config.set.key'))
    .argument('<value>', t('adm.help.config.set.value'))
    .action(async (key: string, value: string) => runConfigSet(host.context(), key, value));
  config
    .command('list')
    .description(t('adm.help.config.list'))
    .action(async () => runConfigList(host.context()));
  config
    .command('path')
    .description(t('adm.help.config.path'))
    .action(async () => runConfigPath(host.context()));
}

function checkKey(key: string): string {
  if (isSettingKey(key)) return key;
  const guess = closest(key, Object.keys(PROFILE_KEYS));
  throw new UsageError(msg('adm.config.unknownKey', { key, suggestion: guess ? msg('adm.suggest', { guess }) : '' }), {
    hint: msg('adm.config.unknownKey.hint', { keys: Object.keys(PROFILE_KEYS).join(', ') }),
  });
}

function targetProfile(ctx: Context, store: ConfigStore): string {
  const cfg = store.read();
  return ctx.globals.profile ?? ctx.env.TICKET_PROFILE ?? cfg.currentProfile ?? DEFAULT_PROFILE;
}

export async function runConfigGet(ctx: Context, key: string): Promise<void> {
  checkKey(key);
  const p = ctx.profile() as unknown as Record<string, unknown>;
  let v = Object.prototype.hasOwnProperty.call(p, key) ? p[key] : undefined;
  if ((SECRET_KEYS as readonly string[]).includes(key) && v) v = '********';
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ key, value: v ?? null, profile: ctx.profile().profileName }) + '\n');
  else if (v !== undefined && v !== null) ctx.io.stdout.write(`${String(v)}\n`);
}

export function parseSetting(key: string, value: string): unknown {
  const kind = PROFILE_KEYS[key];
  if (value === '') return undefined;
  if (key === 'name' || key === 'phone') {
    // The contact details: the same rules as the wizard's questions.
    const problem = contactProblem(key, value.trim());
    if (problem) throw new UsageError(problem, { hint: msg('req.invalid.hint', { key, example: key === 'phone' ? '"+33 1 23 45 67 89"' : '"Jane Doe"' }) });
    return value.trim();
  }
  switch (kind) {
    case 'secret':
      throw new UsageError(msg('adm.config.secret', { key }), { hint: msg('adm.config.secret.hint', { env: `TICKET_${key.toUpperCase()}` }) });
    case 'number': {
      const n = /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
      if (numberProblem(key, n)) {
        const r = NUMBER_RANGES[key]!;
        const unit = r.unit === 'days' ? msg('adm.unit.days') : r.unit;
        throw new UsageError(msg('adm.config.number', { key, min: r.min, max: r.max, unit, value }), {
          hint: msg('adm.example', { example: `ticket config set ${key} ${key === 'timeoutMs' ? 30000 : r.min}` }),
        });
      }
      return n;
    }
    case 'lang':
      if (!(LANGUAGES as readonly string[]).includes(value.trim().toLowerCase())) {
        throw new UsageError(msg('adm.config.lang', { choices: LANGUAGES.join(', '), value }));
      }
      return value.trim().toLowerCase();
    case 'email':
      if (!isEmail(value.trim())) throw new UsageError(msg('adm.config.email', { value }), { hint: msg('adm.example', { example: 'ticket config set email jane@example.com' }) });
      return value.trim();
    case 'url': {
      let u: URL;
      try {
        u = new URL(value);
      } catch {
        throw new UsageError(msg('adm.config.url', { key, value }), { hint: msg('adm.example', { example: 'https://support.example.com' }) });
      }
      if (u.username || u.password) throw new UsageError(msg('adm.config.url.credentials', { key }), { hint: msg('adm.config.url.credentials.hint') });
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname))) {
        throw new UsageError(msg('adm.config.url.https', { key }));
      }
      return value.replace(/\/+$/, '');
    }
    case 'backend':
      if (!(BACKEND_KINDS as readonly string[]).includes(value)) throw new UsageError(msg('adm.config.backend', { choices: BACKEND_KINDS.join(', ') }));
      return value;
    case 'allow': {
      return parseAllow(value).join(',');
    }
    case 'boolean': {
      const v = value.trim().toLowerCase();
      if (['true', 'yes', '1', 'on'].includes(v)) return true;
      if (['false', 'no', '0', 'off'].includes(v)) return false;
      throw new UsageError(msg('adm.config.boolean', { key, value }));
    }
    case 'priority':
      return parsePriority(value, key);
    case 'duration':
      if (!readsAsStale(value)) throw new UsageError(msg('vocab.staleAfter.bad', { value }), { hint: msg('vocab.staleAfter.hint') });
      return value.trim();
    case 'mode':
      if (value !== 'agent' && value !== 'end-user') throw new UsageError(msg('adm.config.mode'));
      return value;
    default:
      return value;
  }
}

/** defaultCategory must be a category of the profile's backend (checked when it can be reached). */
async function checkCategory(ctx: Context, value: string): Promise<string> {
  const v = value.trim();
  let categories: { id: string; name: string }[];
  try {
    categories = await (await ctx.backend()).listCategories();
  } catch {
    return v; // backend unreachable: accepted as given, `create` checks it again
  }
  const hit = categories.find((c) => c.id.toLowerCase() === v.toLowerCase() || c.name.toLowerCase() === v.toLowerCase());
  if (hit) return hit.id;
  const guess = closest(v, categories.map((c) => c.id));
  throw new ValidationError(msg('adm.config.category', { value, suggestion: guess ? msg('adm.suggest', { guess }) : '' }), {
    hint: msg('adm.config.category.hint', { ids: categories.map((c) => c.id).join(', ') }),
    data: { valid: categories.map((c) => c.id) },
  });
}

export async function runConfigSet(ctx: Context, key: string, value: string): Promise<void> {
  checkKey(key);
  let parsed = parseSetting(key, value);
  if (PROFILE_KEYS[key] === 'category' && typeof parsed === 'string') parsed = await checkCategory(ctx, parsed);
  const store = new ConfigStore(ctx.paths.config);
  const name = targetProfile(ctx, store);
  await store.update((cfg) => {
    const p: Profile = cfg.profiles[name] ?? { backend: 'local' };
    const rec = p as unknown as Record<string, unknown>;
    if (parsed === undefined) delete rec[key];
    else rec[key] = parsed;
    cfg.profiles[name] = p;
    cfg.currentProfile ??= name;
  });
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ profile: name, key, value: parsed ?? null }) + '\n');
  else if (ctx.io.stdout.isTTY) ctx.io.stdout.write(ctx.t('adm.config.set.done', { profile: name, key, value: parsed === undefined ? msg('adm.config.removed') : String(parsed) }) + '\n');
}

export async function runConfigList(ctx: Context): Promise<void> {
  const p = ctx.profile();
  const { sources, profileName, ...rest } = p;
  void sources;
  const shown = redactProfile(rest as Profile);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify({ profile: profileName, settings: shown }) + '\n');
    return;
  }
  for (const [k, v] of Object.entries(shown)) if (v !== undefined) ctx.io.stdout.write(`${k}=${String(v)}\n`);
}

export async function runConfigPath(ctx: Context): Promise<void> {
  const store = new ConfigStore(ctx.paths.config);
  const out = { config: store.file, state: ctx.paths.state, data: ctx.paths.data };
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify(out) + '\n');
  else ctx.io.stdout.write(`${out.config}\n`);
}

/** 60d, 2w, 48h, 90m or a date: what `list --stale` reads (the date itself is checked when used). */
function readsAsStale(value: string): boolean {
  return /^\s*\d{1,12}\s*[mhdw]\s*$/.test(value) || /^\s*\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]+)?\s*$/.test(value);
}
