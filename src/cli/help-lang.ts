import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePaths } from '../config/paths.js';
import { pickLanguage, type Lang } from '../i18n/lang.js';

// The language of --help and of commander's own messages, known before anything is parsed (help
// text is written when the commands are registered): --lang, then the profile's `lang`, then
// LC_ALL / LC_MESSAGES / LANG. The profile is read straight from config.json, without the
// config store: this runs on every start-up, including the `ticket --help` fast path.

type Env = Record<string, string | undefined>;

/** The value of `--NAME X` / `--NAME=X` before commander has parsed anything. */
function flagFromArgv(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === name) return argv[i + 1];
    if (a.startsWith(name + '=')) return a.slice(name.length + 1);
  }
  return undefined;
}

/** `--lang X` / `--lang=X` before commander has parsed anything. */
export function langFromArgv(argv: string[]): string | undefined {
  return flagFromArgv(argv, '--lang');
}

/** The `lang` of the profile this invocation will use, or undefined (no file, no such profile, unreadable). */
export function profileLanguage(argv: string[], env: Env): string | undefined {
  try {
    const cfg = JSON.parse(readFileSync(join(resolvePaths(env).config, 'config.json'), 'utf8')) as {
      currentProfile?: unknown;
      profiles?: Record<string, { lang?: unknown }>;
    };
    const profiles = cfg.profiles;
    if (!profiles || typeof profiles !== 'object') return undefined;
    const name = flagFromArgv(argv, '--profile') ?? env.TICKET_PROFILE ?? (typeof cfg.currentProfile === 'string' ? cfg.currentProfile : 'default');
    if (!Object.prototype.hasOwnProperty.call(profiles, name)) return undefined;
    const lang = profiles[name]?.lang;
    return typeof lang === 'string' ? lang : undefined;
  } catch {
    return undefined;
  }
}

export function helpLanguage(argv: string[], env: Env): Lang {
  return pickLanguage(langFromArgv(argv), profileLanguage(argv, env), env);
}
