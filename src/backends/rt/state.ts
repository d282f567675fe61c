// What every RT operation shares: the API, and the queue and field schemas, cached per process and
// SCHEMA_TTL_MS in the state dir (per URL and user, since rights decide what one sees), so
// `ticket create` validates without 3–8 extra requests.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import type { Category, TicketType } from '../../model.js';
import { NotFoundError, PermissionError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import type { BackendContext } from '../context.js';
import type { RtApi } from './api.js';
import { fieldsOf } from './fields.js';
import type { RtLink, RtQueue, SchemaCache } from './types.js';

/** How long queue and field schemas are reused from the state dir. */
export const SCHEMA_TTL_MS = 10 * 60 * 1000;

export interface RtState {
  api: RtApi;
  bc: BackendContext;
  root: string;
  readSchema(): SchemaCache;
  saveSchema(update: (c: SchemaCache) => void): void;
  /** A cache entry written at `at` is still fresh. */
  fresh(at: number | undefined): boolean;
  queues(): Promise<RtQueue[]>;
  /** The queue by id or name (case- and accent-insensitive) that this user may create in. */
  findQueue(id: string): Promise<RtQueue>;
  getCategory(id: string): Promise<Category>;
  /** Queues (by name) with the DedupeKey / IdempotencyKey fields, as far as read so far. */
  dedupeQueues: Set<string>;
  idemQueues: Set<string>;
  /** Queue name → the ticket types its TicketType field offers; absent: no such field (after getCategory). */
  typeQueues: Map<string, TicketType[]>;
}

export function createRtState(api: RtApi): RtState {
  const { bc, root } = api;
  const schemaFile = join(
    bc.paths.state,
    'cache',
    `rt-schema-v2-${createHash('sha256').update(`${root}\0${api.user ?? ''}\0${api.token ? 'token' : 'password'}`).digest('hex').slice(0, 24)}.json`,
  );
  const fresh = (at: number | undefined) => typeof at === 'number' && Math.abs(bc.now().getTime() - at) < SCHEMA_TTL_MS;
  function readSchema(): SchemaCache {
    try {
      const c = JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaCache;
      return c && typeof c === 'object' && c.categories ? c : { categories: {} };
    } catch {
      return { categories: {} };
    }
  }
  function saveSchema(update: (c: SchemaCache) => void): void {
    try {
      const c = readSchema();
      update(c);
      mkdirSync(dirname(schemaFile), { recursive: true, mode: 0o700 });
      writeFileAtomic(schemaFile, JSON.stringify(c), 0o600);
    } catch {
      // A read-only state dir only costs speed.
    }
  }

  let queuesCache: Promise<RtQueue[]> | null = null;
  function queues() {
    queuesCache ??= (async () => {
      const cached = readSchema().queues;
      if (cached && fresh(cached.at)) return cached.list;
      const items = await api.collect<RtLink & { Description?: string; Lifecycle?: string; _hyperlinks?: RtLink[] }>(
        'queues/all',
        { fields: 'Name,Description,Lifecycle,_hyperlinks' },
        0,
        msg('err.what.rt.listQueues'),
      );
      const list = items.map((q) => ({
        id: String(q.id),
        name: q.Name ?? String(q.id),
        description: q.Description || null,
        canCreate: (q._hyperlinks ?? []).some((h) => h.ref === 'create' && (h.type ?? 'ticket') === 'ticket'),
        lifecycle: q.Lifecycle || null,
      }));
      saveSchema((c) => (c.queues = { at: bc.now().getTime(), list }));
      return list;
    })();
    return queuesCache;
  }

  async function findQueue(id: string) {
    const qs = await queues();
    const k = fold(id);
    const q = qs.find((x) => x.id === id) ?? qs.find((x) => fold(x.name) === k);
    const creatable = qs.filter((x) => x.canCreate).map((x) => x.name);
    if (!q) {
      throw new NotFoundError(msg('err.rt.noQueue', { id }), {
        hint: creatable.length ? msg('err.categories.hint', { list: creatable.join(', ') }) : msg('err.rt.noCreatableQueue.hint'),
        data: { valid: creatable },
      });
    }
    if (!q.canCreate) {
      throw new PermissionError(msg('err.rt.mayNotCreate', { queue: q.name }), {
        hint: creatable.length ? msg('err.categoriesYouCanUse.hint', { list: creatable.join(', ') }) : msg('err.rt.askCreateRight.hint'),
      });
    }
    return q;
  }

  const dedupeQueues = new Set<string>();
  const idemQueues = new Set<string>();
  const typeQueues = new Map<string, TicketType[]>();
  const categoryCache = new Map<string, Promise<Category>>();
  function getCategory(id: string): Promise<Category> {
    const key = fold(id);
    let c = categoryCache.get(key);
    if (!c) {
      c = (async () => {
        const hit = readSchema().categories[key];
        if (hit && fresh(hit.at)) {
          if (hit.dedupe) dedupeQueues.add(hit.category.id);
          if (hit.idem) idemQueues.add(hit.category.id);
          if (hit.types) typeQueues.set(hit.category.id, hit.types as TicketType[]);
          return hit.category;
        }
        const q = await findQueue(id);
        const qf = await fieldsOf(api, q.id, q.name);
        if (qf.dedupe) dedupeQueues.add(q.name);
        if (qf.types) typeQueues.set(q.name, qf.types);
        if (qf.idem) {
          idemQueues.add(q.name);
          if (!readSchema().idemField) saveSchema((sc) => (sc.idemField = true));
        }
        const category: Category = { id: q.name, name: q.name, description: q.description, fields: qf.fields };
        saveSchema((sc) => {
          const entry = { at: bc.now().getTime(), category, dedupe: qf.dedupe, idem: qf.idem, types: qf.types };
          sc.categories[key] = entry;
          sc.categories[fold(q.name)] = entry;
        });
        return category;
      })();
      c.catch(() => categoryCache.delete(key));
      categoryCache.set(key, c);
    }
    return c;
  }

  return { api, bc, root, readSchema, saveSchema, fresh, queues, findQueue, getCategory, dedupeQueues, idemQueues, typeQueues };
}
