import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type MiniSearch from 'minisearch';
import type { Options as MiniSearchOptions, SearchResult } from 'minisearch';
import type { Article } from '../model.js';
import { NotFoundError, UsageError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { parseArticle, readArticle, readArticleBody, scanCorpus, type CorpusLimits, type KbDoc } from './corpus.js';
import { Docs, openCache, writeCache, type CacheFile, type PlainIndex, type Postings } from './cache.js';
import { bestSnippet, markdownToText } from './snippet.js';
import { QUERY_SPLIT, processTerm, withinDistance } from './terms.js';

// A knowledge base over a folder of Markdown articles: ranked full-text search with MiniSearch,
// over the whole index just built or over the cache, term by term.

/** A search is a few words; a pasted log is refused before it reaches the fuzzy matcher. */
export const QUERY_MAX_CHARS = 1000;

export interface KbSearchOptions {
  category?: string | null;
  lang?: string | null;
  limit: number;
}

export interface KbOpenOptions extends CorpusLimits {
  dir: string;
  /** Where the serialized index is cached; null = no cache. */
  cacheDir: string | null;
  /** URL given to articles: null (default) or 'file' for file:// URLs. */
  urls?: 'file' | null;
}

type MiniSearchClass = typeof import('minisearch').default;

function miniOptions(): MiniSearchOptions<Record<string, unknown>> {
  return {
    idField: 'n',
    fields: ['title', 'tags', 'body'],
    storeFields: [],
    tokenize: (text: string) => text.split(QUERY_SPLIT),
    processTerm,
    searchOptions: {
      boost: { title: 3, tags: 2 },
      prefix: (term: string) => term.length >= 3,
      fuzzy: (term: string) => (term.length >= 6 ? 0.2 : term.length >= 5 ? 1 : false),
      maxFuzzy: 2,
      combineWith: 'OR',
    },
  };
}

/** First index of a sorted array whose value is ≥ `key`. */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Read and index every article (the first id wins when two articles share one). */
function build(MS: MiniSearchClass, dir: string, files: string[], maxArticleBytes?: number): { docs: KbDoc[]; index: MiniSearch } {
  const docs: KbDoc[] = [];
  const seen = new Set<string>();
  const index = new MS(miniOptions());
  const batch: Record<string, unknown>[] = [];
  for (const file of files) {
    const text = readArticle(dir, file, maxArticleBytes);
    if (text === null) continue;
    const { doc, tags, body } = parseArticle(file, text);
    if (seen.has(doc.id.toLowerCase())) continue;
    seen.add(doc.id.toLowerCase());
    batch.push({ n: docs.length, title: doc.title, tags, body });
    docs.push(doc);
  }
  index.addAll(batch);
  return { docs, index };
}

interface State {
  docs: Docs;
  /** The whole index, when it was just built. */
  full: MiniSearch | null;
  /** Otherwise the cache, loaded term by term. */
  cache: CacheFile | null;
}

export class KnowledgeBase {
  private constructor(
    readonly dir: string,
    private state: State,
    private readonly MS: MiniSearchClass,
    private readonly urls: 'file' | null,
    /** Rebuild from the articles (a cache damaged after it was opened). */
    private readonly rebuild: () => State,
  ) {}

  /** Load the articles of `dir` (from the cache when the folder is unchanged). */
  static async open(opts: KbOpenOptions): Promise<KnowledgeBase> {
    const { default: MS } = await import('minisearch');
    const { files, sig } = scanCorpus(opts.dir, opts);
    const cachePath = opts.cacheDir
      ? join(opts.cacheDir, `kb-${createHash('sha1').update(opts.dir).digest('hex').slice(0, 16)}.idx`)
      : null;
    const fresh = (): State => {
      const { docs, index } = build(MS, opts.dir, files, opts.maxArticleBytes);
      if (cachePath) {
        try {
          writeCache(cachePath, sig, docs, index);
          // Search through the cache from the first run on, so results never depend on whether it existed.
          const cache = openCache(cachePath, sig);
          if (cache) return { docs: new Docs(null, cache), full: null, cache };
        } catch {
          /* a read-only state dir only costs speed */
        }
      }
      return { docs: new Docs(docs, null), full: index, cache: null };
    };
    const cache = cachePath ? openCache(cachePath, sig) : null;
    const state = cache ? { docs: new Docs(null, cache), full: null, cache } : fresh();
    const rebuild = (): State => {
      if (cachePath) rmSync(cachePath, { force: true });
      return fresh();
    };
    return new KnowledgeBase(opts.dir, state, MS, opts.urls ?? null, rebuild);
  }

  /** A MiniSearch holding the postings of every term `query` can match (from the cache). */
  private indexFor(query: string): MiniSearch {
    const { full, cache } = this.state;
    if (full) return full;
    const { header } = cache!;
    const { terms, offsets } = header;
    const wanted = new Set<number>();
    for (const token of query.split(QUERY_SPLIT)) {
      const q = processTerm(token);
      if (!q) continue;
      // exact and prefix matches: a range of the sorted terms
      for (let i = lowerBound(terms, q); i < terms.length && terms[i].startsWith(q); i++) wanted.add(i);
      // fuzzy matches: MiniSearch's distance rule, among the terms that start with the same letter
      // or with the first two letters swapped (a typo on the first letter is not looked for: it
      // keeps this a scan of a small range of the sorted terms)
      const maxD = q.length >= 6 ? Math.min(2, Math.round(q.length * 0.2)) : q.length >= 5 ? 1 : 0;
      if (maxD > 0) {
        for (const start of [q[0], q[1] + q[0]]) {
          for (let i = lowerBound(terms, start); i < terms.length && terms[i].startsWith(start); i++) {
            if (withinDistance(q, terms[i], maxD)) wanted.add(i);
          }
        }
      }
    }
    const index: [string, Postings][] = [];
    for (const i of [...wanted].sort((a, b) => a - b)) {
      index.push([terms[i], JSON.parse(cache!.read(offsets[i], offsets[i + 1] - offsets[i])) as Postings]);
    }
    return this.MS.loadJS({ ...header.base, index } as PlainIndex, miniOptions());
  }

  /**
   * Run `fn` over the cache; if the cache turns out damaged (a read past its end, bytes that do not
   * parse), rebuild it from the articles once and run `fn` again.
   */
  private guarded<T>(fn: () => T): T {
    if (!this.state.cache) return fn();
    try {
      return fn();
    } catch (e) {
      if (e instanceof NotFoundError || e instanceof UsageError) throw e;
      this.state.cache.close();
      this.state = this.rebuild();
      return fn();
    }
  }

  /** Release the cache file. */
  close(): void {
    this.state.cache?.close();
  }

  get size(): number {
    return this.state.docs.count;
  }

  private url(doc: KbDoc): string | null {
    return this.urls === 'file' ? 'file://' + join(this.dir, doc.file) : null;
  }

  search(query: string, opts: KbSearchOptions): Article[] {
    if (!query.trim()) return [];
    if (query.length > QUERY_MAX_CHARS) {
      throw new UsageError(msg('err.kb.queryTooLong', { length: query.length, max: QUERY_MAX_CHARS }), {
        hint: msg('err.kb.queryTooLong.hint'),
      });
    }
    const cat = opts.category ? opts.category.toLowerCase() : null;
    const lang = opts.lang ? opts.lang.toLowerCase().slice(0, 2) : null;
    const found = this.guarded(() => {
      const docs = this.state.docs;
      const boost = docs.booster(cat, lang);
      const results: SearchResult[] = this.indexFor(query).search(query, {
        boostDocument: (n: unknown) => boost(n as number),
      });
      const limit = opts.limit > 0 ? opts.limit : results.length;
      return results.slice(0, limit).map((r) => ({ doc: docs.get(r.id as number), score: r.score }));
    });
    return found.map(({ doc, score }) => ({
      id: doc.id,
      title: doc.title,
      snippet: bestSnippet(markdownToText(readArticleBody(this.dir, doc.file)), query, doc.title),
      url: this.url(doc),
      locale: doc.lang,
      score: Math.round(score * 1000) / 1000,
    }));
  }

  get(id: string): Article {
    const want = id.trim().toLowerCase();
    const doc = this.guarded(() => {
      const docs = this.state.docs;
      let n = -1;
      for (let i = 0; i < docs.count && n < 0; i++) if (docs.id(i) === id) n = i;
      for (let i = 0; i < docs.count && n < 0; i++) if (docs.id(i).toLowerCase() === want) n = i;
      if (n < 0) {
        throw new NotFoundError(msg('err.kb.noArticle', { id }), {
          hint: msg('err.kb.noArticle.hint'),
        });
      }
      return docs.get(n);
    });
    let body = readArticleBody(this.dir, doc.file).replace(/^\s+/, '');
    // The title is a field of its own: drop a first heading that only repeats it.
    const h1 = /^#\s+(.+?)\s*#*\s*(?:\r?\n|$)/.exec(body);
    if (h1 && h1[1].trim() === doc.title) body = body.slice(h1[0].length).replace(/^\s+/, '');
    return {
      id: doc.id,
      title: doc.title,
      snippet: bestSnippet(markdownToText(body), '', doc.title),
      url: this.url(doc),
      locale: doc.lang,
      body,
      format: 'markdown',
    };
  }
}
