import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type MiniSearch from 'minisearch';
import type { Options as MiniSearchOptions, SearchResult } from 'minisearch';
import type { Article } from '../model.js';
import { NotFoundError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { excerpt } from '../util/text.js';
import { parseFrontMatter } from './frontmatter.js';
import { processTerm, termsOf, tokenize } from './terms.js';

// A knowledge base over a folder of Markdown articles with YAML front matter (id, title, lang,
// category, tags). Ranked full-text search with MiniSearch; the built index is cached on disk,
// keyed by a signature of the folder (file names, sizes, mtimes), so a search over thousands of
// articles only parses one JSON file.

/** Bump when the indexing (fields, terms, stemmer) changes: old caches are then rebuilt. */
const ENGINE_VERSION = 3;
const SNIPPET_MAX = 200;

export interface KbDoc {
  id: string;
  title: string;
  lang: string | null;
  category: string | null;
  tags: string[];
  /** Path relative to the folder. */
  file: string;
}

export interface KbSearchOptions {
  category?: string | null;
  lang?: string | null;
  limit: number;
}

export interface KbOpenOptions {
  dir: string;
  /** Where the serialized index is cached; null = no cache. */
  cacheDir: string | null;
  /** URL given to articles: null (default) or 'file' for file:// URLs. */
  urls?: 'file' | null;
}

/** The directory holding package.json, found by walking up from this module (src/kb, dist/, dist/chunks/). */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(from));
    dir = up;
  }
}

export function shippedKbDir(): string {
  return join(packageRoot(), 'assets', 'kb');
}

function listMarkdown(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true }) as string[];
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new NotFoundError(`The knowledge-base folder ${dir} cannot be read (${code ?? String(e)}).`, {
      hint: 'Fix it with `ticket config set kbDir PATH`, or unset kbDir to use the built-in articles.',
    });
  }
  return names.filter((n) => /\.(md|markdown)$/i.test(n) && !basename(n).startsWith('.')).sort();
}

function signature(dir: string, files: string[]): string {
  const h = createHash('sha1');
  h.update(`v${ENGINE_VERSION}\0${dir}\0`);
  for (const f of files) {
    let st;
    try {
      st = statSync(join(dir, f));
    } catch {
      continue;
    }
    h.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** Markdown → plain text good enough for snippets and indexing. */
export function markdownToText(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, (m) => m.replace(/```\w*/g, ''))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+(.*)$/gm, '$1.')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\.\.$/gm, '.');
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n\s*\n|\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** The sentence that holds the most query terms, or the start of the body; at most 200 characters. */
export function bestSnippet(bodyText: string, query: string, title?: string): string {
  const sents = sentences(bodyText).filter((s) => !title || s.replace(/\.$/, '') !== title);
  if (sents.length === 0) return '';
  const q = termsOf(query);
  let best = -1;
  let bestScore = 0;
  if (q.length) {
    sents.forEach((s, i) => {
      const words = new Set(tokenize(s).map((w) => processTerm(w)).filter((x): x is string => !!x));
      let score = 0;
      for (const t of q) {
        if (words.has(t)) score += 1;
        else if (t.length >= 3 && [...words].some((w) => w.startsWith(t))) score += 0.5;
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
  }
  if (best < 0) {
    let out = '';
    for (const s of sents) {
      if (out && out.length + s.length + 1 > SNIPPET_MAX) break;
      out = out ? `${out} ${s}` : s;
    }
    return excerpt(out || sents[0], SNIPPET_MAX);
  }
  return excerpt(sents[best], SNIPPET_MAX);
}

interface Cache {
  v: number;
  sig: string;
  docs: KbDoc[];
  index: unknown;
}

function miniOptions(): MiniSearchOptions<Record<string, unknown>> {
  return {
    idField: 'n',
    fields: ['title', 'tags', 'body'],
    storeFields: [],
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

export class KnowledgeBase {
  private constructor(
    readonly dir: string,
    private readonly docs: KbDoc[],
    private readonly index: MiniSearch,
    private readonly urls: 'file' | null,
  ) {}

  /** Load the articles of `dir` (from the cache when the folder is unchanged). */
  static async open(opts: KbOpenOptions): Promise<KnowledgeBase> {
    const { default: MiniSearchCtor } = await import('minisearch');
    const files = listMarkdown(opts.dir);
    const sig = signature(opts.dir, files);
    const cachePath = opts.cacheDir
      ? join(opts.cacheDir, `kb-${createHash('sha1').update(opts.dir).digest('hex').slice(0, 16)}.json`)
      : null;
    if (cachePath) {
      try {
        const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as Cache;
        if (cache.v === ENGINE_VERSION && cache.sig === sig) {
          const index = MiniSearchCtor.loadJS(cache.index as Parameters<typeof MiniSearchCtor.loadJS>[0], miniOptions());
          return new KnowledgeBase(opts.dir, cache.docs, index, opts.urls ?? null);
        }
      } catch {
        /* missing or unreadable cache: rebuild */
      }
    }
    const docs: KbDoc[] = [];
    const seen = new Set<string>();
    const index = new MiniSearchCtor(miniOptions());
    const batch: Record<string, unknown>[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(opts.dir, file), 'utf8');
      } catch {
        continue;
      }
      const { attrs, body } = parseFrontMatter(text);
      const str = (k: string) => (typeof attrs[k] === 'string' && attrs[k] ? (attrs[k] as string) : null);
      const id = str('id') ?? basename(file).replace(/\.(md|markdown)$/i, '');
      if (seen.has(id.toLowerCase())) continue;
      seen.add(id.toLowerCase());
      const heading = /^\s{0,3}#\s+(.+)$/m.exec(body)?.[1]?.trim();
      const title = str('title') ?? heading ?? id;
      const tagsRaw = attrs.tags;
      const tags = Array.isArray(tagsRaw) ? tagsRaw : typeof tagsRaw === 'string' ? tagsRaw.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const doc: KbDoc = { id, title, lang: str('lang') ?? str('locale'), category: str('category'), tags, file };
      batch.push({ n: docs.length, title, tags: tags.join(' '), body: markdownToText(body) });
      docs.push(doc);
    }
    index.addAll(batch);
    if (cachePath) {
      try {
        mkdirSync(dirname(cachePath), { recursive: true, mode: 0o700 });
        const cache: Cache = { v: ENGINE_VERSION, sig, docs, index: index.toJSON() };
        writeFileAtomic(cachePath, JSON.stringify(cache));
      } catch {
        /* a read-only state dir only costs speed */
      }
    }
    return new KnowledgeBase(opts.dir, docs, index, opts.urls ?? null);
  }

  get size(): number {
    return this.docs.length;
  }

  private url(doc: KbDoc): string | null {
    return this.urls === 'file' ? 'file://' + join(this.dir, doc.file) : null;
  }

  private readBody(doc: KbDoc): string {
    try {
      return parseFrontMatter(readFileSync(join(this.dir, doc.file), 'utf8')).body;
    } catch {
      return '';
    }
  }

  search(query: string, opts: KbSearchOptions): Article[] {
    if (!query.trim()) return [];
    const cat = opts.category ? opts.category.toLowerCase() : null;
    const lang = opts.lang ? opts.lang.toLowerCase().slice(0, 2) : null;
    const results: SearchResult[] = this.index.search(query, {
      boostDocument: (n: unknown) => {
        const d = this.docs[n as number];
        if (!d) return 1;
        let b = 1;
        if (cat && d.category && d.category.toLowerCase() === cat) b *= 1.5;
        if (lang && d.lang && d.lang.toLowerCase().slice(0, 2) === lang) b *= 1.25;
        return b;
      },
    });
    const limit = opts.limit > 0 ? opts.limit : results.length;
    const top = results.slice(0, limit);
    return top.map((r) => {
      const doc = this.docs[r.id as number];
      return {
        id: doc.id,
        title: doc.title,
        snippet: bestSnippet(markdownToText(this.readBody(doc)), query, doc.title),
        url: this.url(doc),
        locale: doc.lang,
        score: Math.round(r.score * 1000) / 1000,
      };
    });
  }

  get(id: string): Article {
    const want = id.trim().toLowerCase();
    const doc = this.docs.find((d) => d.id === id) ?? this.docs.find((d) => d.id.toLowerCase() === want);
    if (!doc) {
      throw new NotFoundError(`No knowledge-base article "${id}".`, {
        hint: 'Find article ids with `ticket kb search WORDS`.',
      });
    }
    const body = this.readBody(doc).replace(/^\s+/, '');
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
