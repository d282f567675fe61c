import { readFileSync, readdirSync, rmSync, statSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import type { ConfigFile, Profile } from './profile.js';
import { withLock } from '../store/lock.js';

const FILE = 'config.json';

/**
 * Profiles live in one JSON file, mode 0600, in a 0700 directory. Reads parse the file directly
 * (fast, no schema library on the hot path); writes go through conf (atomic rename) while holding a
 * cross-process lock, because conf alone loses updates when two processes write at once.
 * A corrupt file is never reset silently: the error names the file and what to do.
 */
export class ConfigStore {
  readonly dir: string;
  readonly file: string;

  constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, FILE);
  }

  exists(): boolean {
    try {
      statSync(this.file);
      return true;
    } catch {
      return false;
    }
  }

  read(): ConfigFile {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, profiles: Object.create(null) as ConfigFile['profiles'] };
      throw new ConfigError(msg('err.config.cannotRead', { file: this.file, message: (e as Error).message }), {
        hint: msg('err.config.cannotRead.hint'),
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError(msg('err.config.notJson', { file: this.file }), {
        hint: msg('err.config.notJson.hint', { file: this.file }),
      });
    }
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as ConfigFile).profiles !== 'object') {
      throw new ConfigError(msg('err.config.noProfiles', { file: this.file }), {
        hint: msg('err.config.noProfiles.hint', { file: this.file }),
      });
    }
    // Profiles in a map without a prototype: a profile named `constructor` or `__proto__` is
    // looked up like any other, never found on Object.prototype.
    const cfg = parsed as ConfigFile;
    const profiles = Object.create(null) as Record<string, ConfigFile['profiles'][string]>;
    for (const [name, p] of Object.entries(cfg.profiles)) {
      if (!p || typeof p !== 'object' || Array.isArray(p)) {
        throw new ConfigError(msg('err.config.profileNotObject', { file: this.file, name }), {
          hint: msg('err.config.profileNotObject.hint', { name }),
        });
      }
      profiles[name] = p;
    }
    cfg.profiles = profiles;
    return cfg;
  }

  /** Read-modify-write under the config lock, then an atomic 0600 write. */
  async update(mutate: (cfg: ConfigFile) => void): Promise<ConfigFile> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return withLock(join(this.dir, '.config.lock'), async () => {
      const cfg = this.read();
      mutate(cfg);
      cfg.schemaVersion = 1;
      const { default: Conf } = await import('conf');
      const conf = new Conf<Record<string, unknown>>({
        cwd: this.dir,
        configName: 'config',
        configFileMode: 0o600,
        clearInvalidConfig: false,
        projectName: 'ticket',
      });
      conf.store = cfg as unknown as Record<string, unknown>;
      try {
        chmodSync(this.dir, 0o700);
      } catch {
        /* not ours to fix */
      }
      this.sweepTemp();
      return cfg;
    });
  }

  /** atomically leaves `config.json.tmp-*` behind when a writer is killed; they may hold secrets. */
  private sweepTemp(): void {
    try {
      for (const name of readdirSync(this.dir)) {
        if (name.startsWith(`${FILE}.tmp-`)) rmSync(join(this.dir, name), { force: true });
      }
    } catch {
      /* best effort */
    }
  }

  profile(name: string): Profile | undefined {
    const profiles = this.read().profiles;
    return Object.prototype.hasOwnProperty.call(profiles, name) ? profiles[name] : undefined;
  }
}
