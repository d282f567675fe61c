import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type MiniSearch from 'minisearch';
import { writeFileAtomic } from '../store/atomic.js';
import { ENGINE_VERSION, type KbDoc } from './corpus.js';

// The built index, cached on disk and keyed by the folder's signature (file names, sizes, mtimes),
// so a search over thousands of articles only parses what it needs.

export type PlainIndex = ReturnType<MiniSearch['toJSON']>;
export type Postings = PlainIndex['index'][number][1];

/**
 * The cache file: one JSON header line, then the postings of every term back to back. Loading
 * parses the header only; a search parses the postings of the terms the query can match (exact,
 * prefix, fuzzy) and hands MiniSearch an index holding just those, so a query over thousands of
 * articles costs a few milliseconds whatever the size of the base.
 */
export interface CacheHeader {
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

export function writeCache(path: string, sig: string, docs: KbDoc[], index: MiniSearch): void {
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

export interface CacheFile {
  header: CacheHeader;
  /** Read `len` bytes of the postings blob at `off`. */
  read(off: number, len: number): string;
  close(): void;
}

/**
 * Open a cache file and parse its header; null when missing, stale, truncated or unreadable (the
 * caller then rebuilds it). The blob must end exactly where the header says it does.
 */
export function openCache(path: string, sig: string): CacheFile | null {
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
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a file');
    const headLen = Number(readAt(0, LEN_LINE).toString('latin1', 0, 15));
    if (!Number.isInteger(headLen) || headLen <= 0 || LEN_LINE + headLen > st.size) throw new Error('bad cache');
    const head = readAt(LEN_LINE, headLen);
    // Cheap check of the signature before parsing the whole header.
    if (!head.toString('utf8', 0, Math.min(headLen, 200)).includes(`"sig":"${sig}"`)) throw new Error('stale');
    const header = JSON.parse(head.toString('utf8')) as CacheHeader;
    if (header.v !== ENGINE_VERSION || header.sig !== sig) throw new Error('stale');
    const base = LEN_LINE + headLen;
    const { ids, docOffsets, terms, offsets } = header;
    if (!Array.isArray(ids) || !Array.isArray(docOffsets) || !Array.isArray(terms) || !Array.isArray(offsets)) throw new Error('bad cache');
    if (docOffsets.length !== ids.length + 1 || offsets.length !== terms.length + 1) throw new Error('bad cache');
    if (base + offsets[offsets.length - 1] !== st.size || docOffsets[ids.length] > offsets[offsets.length - 1]) throw new Error('truncated');
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

/** The articles' metadata: all in memory after a build, read one by one from the cache otherwise. */
export class Docs {
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
