import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
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
import { QUERY_SPLIT, processTerm, termsOf, tokenize, withinDistance } from './terms.js';

// A knowledge base over a folder of Markdown articles with YAML front matter (id, title, lang,
// category, tags). Ranked full-text search with MiniSearch; the built index is cached on disk,
// keyed by a signature of the folder (file names, sizes, mtimes), so a search over thousands of
// articles only parses one JSON file.

/** Bump when the indexing (fields, terms, stemmer) changes: old caches are then rebuilt. */
const ENGINE_VERSION = 5;
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
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true });
    } catch (e) {
      if (rel) return;
      const code = (e as NodeJS.ErrnoException).code;
      throw new NotFoundError(`The knowledge-base folder ${dir} cannot be read (${code ?? String(e)}).`, {
        hint: 'Fix it with `ticket config set kbDir PATH`, or unset kbDir to use the built-in articles.',
      });
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < 4) walk(p, depth + 1);
      } else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
    }
  };
  walk('', 0);
  return out.sort();
}

function signature(dir: string, files: string[]): string {
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  const parts: string[] = [`v${ENGINE_VERSION}`, dir];
  for (const f of files) {
    const st = statSync(prefix + f, { throwIfNoEntry: false });
    if (st) parts.push(`${f}\0${st.size}\0${st.mtimeMs}`);
  }
  return createHash('sha1').update(parts.join('\n')).digest('hex');
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

type PlainIndex = ReturnType<MiniSearch['toJSON']>;
type Postings = PlainIndex['index'][number][1];

/**
 * The cache file: one JSON header line, then the postings of every term back to back. Loading
 * parses the header only; a search parses the postings of the terms the query can match (exact,
 * prefix, fuzzy) and hands MiniSearch an index holding just those, so a query over thousands of
 * articles costs a few milliseconds whatever the size of the base.
 */
interface CacheHeader {
  v: number;
  sig: string;
  /** Article ids by internal number; the KbDoc of each is read from the blob when needed. */
  ids: string[];
  /** Per article, the index of its language / category in `langs` / `cats` (-1: none), for boosts. */
  dl: number[];
  dc: number[];
  langs: string[];
  cats: string[];
  docOffsets: number[];
  /** MiniSearch's serialized index without its `index` (term postings). */
  base: Omit<PlainIndex, 'index'>;
  /** Sorted terms, and the byte offset of each one's postings in the blob (one more: the end). */
  terms: string[];
  offsets: number[];
}

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

function writeCache(path: string, sig: string, docs: KbDoc[], index: MiniSearch): void {
  const { index: postings, ...base } = index.toJSON();
  postings.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const parts: Buffer[] = [];
  let off = 0;
  const push = (text: string): number => {
    const b = Buffer.from(text, 'utf8');
    const at = off;
    parts.push(b);
    off += b.length;
    return at;
  };
  const langs: string[] = [];
  const cats: string[] = [];
  const code = (list: string[], v: string | null) => {
    if (!v) return -1;
    const k = v.toLowerCase();
    let i = list.indexOf(k);
    if (i < 0) i = list.push(k) - 1;
    return i;
  };
  const docOffsets = docs.map((d) => push(JSON.stringify(d)));
  docOffsets.push(off);
  const terms: string[] = [];
  const offsets: number[] = [];
  for (const [term, p] of postings) {
    terms.push(term);
    offsets.push(push(JSON.stringify(p)));
  }
  offsets.push(off);
  const header: CacheHeader = {
    v: ENGINE_VERSION,
    sig,
    ids: docs.map((d) => d.id),
    dl: docs.map((d) => code(langs, d.lang ? d.lang.slice(0, 2) : null)),
    dc: docs.map((d) => code(cats, d.category)),
    langs,
    cats,
    docOffsets,
    base,
    terms,
    offsets,
  };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const head = Buffer.from(JSON.stringify(header) + '\n', 'utf8');
  // First line: the header's byte length, fixed width, so a reader fetches exactly what it needs.
  const lenLine = Buffer.from(String(head.length).padStart(15, '0') + '\n', 'utf8');
  writeFileAtomic(path, Buffer.concat([lenLine, head, ...parts]));
}

const LEN_LINE = 16;

interface CacheFile {
  header: CacheHeader;
  /** Read `len` bytes of the postings blob at `off`. */
  read(off: number, len: number): string;
  close(): void;
}

/** Open a cache file and parse its header; null when missing, stale or unreadable. */
function openCache(path: string, sig: string): CacheFile | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  const readAt = (pos: number, len: number): Buffer => {
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, pos + got);
      if (n === 0) throw new Error('short read');
      got += n;
    }
    return buf;
  };
  try {
    const headLen = Number(readAt(0, LEN_LINE).toString('latin1', 0, 15));
    if (!Number.isInteger(headLen) || headLen <= 0 || LEN_LINE + headLen > fstatSync(fd).size) throw new Error('bad cache');
    const head = readAt(LEN_LINE, headLen);
    // Cheap check of the signature before parsing the whole header.
    if (!head.toString('utf8', 0, Math.min(headLen, 200)).includes(`"sig":"${sig}"`)) throw new Error('stale');
    const header = JSON.parse(head.toString('utf8')) as CacheHeader;
    if (header.v !== ENGINE_VERSION || header.sig !== sig) throw new Error('stale');
    const base = LEN_LINE + headLen;
    let open = true;
    return {
      header,
      read: (off, len) => readAt(base + off, len).toString('utf8'),
      close: () => {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch {
    closeSync(fd);
    return null;
  }
}

type MiniSearchClass = typeof import('minisearch').default;

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

/** The articles' metadata: all in memory after a build, read one by one from the cache otherwise. */
class Docs {
  private readonly memo = new Map<number, KbDoc>();
  constructor(
    private readonly all: KbDoc[] | null,
    private readonly cache: CacheFile | null,
  ) {}
  get count(): number {
    return this.all ? this.all.length : this.cache!.header.ids.length;
  }
  id(n: number): string {
    return this.all ? this.all[n].id : this.cache!.header.ids[n];
  }
  get(n: number): KbDoc {
    if (this.all) return this.all[n];
    let d = this.memo.get(n);
    if (!d) {
      const o = this.cache!.header.docOffsets;
      d = JSON.parse(this.cache!.read(o[n], o[n + 1] - o[n])) as KbDoc;
      this.memo.set(n, d);
    }
    return d;
  }
  /** Boost factor for a category and a language (both lower-case, language as 2 letters). */
  booster(cat: string | null, lang: string | null): (n: number) => number {
    if (this.all) {
      const all = this.all;
      return (n) => {
        const d = all[n];
        let b = 1;
        if (cat && d?.category?.toLowerCase() === cat) b *= 1.5;
        if (lang && d?.lang?.toLowerCase().slice(0, 2) === lang) b *= 1.25;
        return b;
      };
    }
    const h = this.cache!.header;
    const c = cat ? h.cats.indexOf(cat) : -1;
    const l = lang ? h.langs.indexOf(lang) : -1;
    return (n) => (c >= 0 && h.dc[n] === c ? 1.5 : 1) * (l >= 0 && h.dl[n] === l ? 1.25 : 1);
  }
}

export class KnowledgeBase {
  private constructor(
    readonly dir: string,
    private readonly docs: Docs,
    private readonly MS: MiniSearchClass,
    /** The whole index, when it was just built. */
    private readonly full: MiniSearch | null,
    /** Otherwise the cache, loaded term by term. */
    private readonly cache: CacheFile | null,
    private readonly urls: 'file' | null,
  ) {}

  /** Load the articles of `dir` (from the cache when the folder is unchanged). */
  static async open(opts: KbOpenOptions): Promise<KnowledgeBase> {
    const { default: MiniSearchCtor } = await import('minisearch');
    const files = listMarkdown(opts.dir);
    const sig = signature(opts.dir, files);
    const cachePath = opts.cacheDir
      ? join(opts.cacheDir, `kb-${createHash('sha1').update(opts.dir).digest('hex').slice(0, 16)}.idx`)
      : null;
    if (cachePath) {
      const cache = openCache(cachePath, sig);
      if (cache) return new KnowledgeBase(opts.dir, new Docs(null, cache), MiniSearchCtor, null, cache, opts.urls ?? null);
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
        writeCache(cachePath, sig, docs, index);
        // Search through the cache from the first run on, so results never depend on whether it existed.
        const cache = openCache(cachePath, sig);
        if (cache) return new KnowledgeBase(opts.dir, new Docs(null, cache), MiniSearchCtor, null, cache, opts.urls ?? null);
      } catch {
        /* a read-only state dir only costs speed */
      }
    }
    return new KnowledgeBase(opts.dir, new Docs(docs, null), MiniSearchCtor, index, null, opts.urls ?? null);
  }

  /** A MiniSearch holding the postings of every term `query` can match (from the cache). */
  private indexFor(query: string): MiniSearch {
    if (this.full) return this.full;
    const { header } = this.cache!;
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
      index.push([terms[i], JSON.parse(this.cache!.read(offsets[i], offsets[i + 1] - offsets[i])) as Postings]);
    }
    return this.MS.loadJS({ ...header.base, index } as PlainIndex, miniOptions());
  }

  /** Release the cache file. */
  close(): void {
    this.cache?.close();
  }

  get size(): number {
    return this.docs.count;
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
    const boost = this.docs.booster(cat, lang);
    const results: SearchResult[] = this.indexFor(query).search(query, {
      boostDocument: (n: unknown) => boost(n as number),
    });
    const limit = opts.limit > 0 ? opts.limit : results.length;
    const top = results.slice(0, limit);
    return top.map((r) => {
      const doc = this.docs.get(r.id as number);
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
    let n = -1;
    for (let i = 0; i < this.docs.count && n < 0; i++) if (this.docs.id(i) === id) n = i;
    for (let i = 0; i < this.docs.count && n < 0; i++) if (this.docs.id(i).toLowerCase() === want) n = i;
    if (n < 0) {
      throw new NotFoundError(`No knowledge-base article "${id}".`, {
        hint: 'Find article ids with `ticket kb search WORDS`.',
      });
    }
    const doc = this.docs.get(n);
    let body = this.readBody(doc).replace(/^\s+/, '');
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
