import { readFileSync } from 'node:fs';
import type { Backend } from './backend.js';
import type { Category } from '../model.js';
import { RateLimitedError, UnavailableError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';

interface CacheFile {
  list: Category[] | null;
  full: Record<string, Category>;
}

/**
 * Categories and their field schemas change rarely, and they are needed to validate a ticket before
 * it is sent. Each successful read is kept (0600, state dir); when the backend cannot be reached,
 * the last known schema is used, so a ticket can still be validated and queued to the outbox
 * (exit 7) rather than lost (exit 5).
 */
export function withCategoryCache(backend: Backend, file: string): Backend {
  let cache: CacheFile | null = null;
  const load = (): CacheFile => {
    if (cache) return cache;
    try {
      cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    } catch {
      cache = { list: null, full: {} };
    }
    return cache;
  };
  const save = (mutate: (c: CacheFile) => void) => {
    const c = load();
    const before = JSON.stringify(c);
    mutate(c);
    const after = JSON.stringify(c);
    if (after !== before) {
      try {
        writeFileAtomic(file, after);
      } catch {
        /* a cache: never fail a command because it cannot be written */
      }
    }
  };
  const offline = (e: unknown) => e instanceof UnavailableError || e instanceof RateLimitedError;

  async function listCategories(): Promise<Category[]> {
    try {
      const list = await backend.listCategories();
      save((c) => {
        c.list = list;
      });
      return list;
    } catch (e) {
      const c = load();
      if (offline(e) && c.list) return c.list.map((x) => c.full[x.id] ?? x);
      throw e;
    }
  }

  async function getCategory(id: string): Promise<Category> {
    try {
      const cat = await backend.getCategory(id);
      save((c) => {
        c.full[cat.id] = cat;
      });
      return cat;
    } catch (e) {
      const c = load();
      const hit = c.full[id] ?? Object.values(c.full).find((x) => x.id.toLowerCase() === id.toLowerCase() || x.name.toLowerCase() === id.toLowerCase());
      if (offline(e) && hit) return hit;
      throw e;
    }
  }

  return new Proxy(backend, {
    get(target, prop) {
      if (prop === 'listCategories') return listCategories;
      if (prop === 'getCategory') return getCategory;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
