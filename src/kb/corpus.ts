import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, NotFoundError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { FileRefusedError, formatBytes, readRegularFile, statRegularFile } from '../store/regular-file.js';
import { parseFrontMatter } from './frontmatter.js';
import { markdownToText } from './snippet.js';

// The articles of a knowledge-base folder: Markdown files with YAML front matter (id, title, lang,
// category, tags). Only regular files are read (a FIFO or a link to a device is refused by name),
// each at most ARTICLE_MAX_BYTES and all together at most CORPUS_MAX_BYTES, so a stray file cannot
// hang a search or eat the memory of the machine.

/** Bump when the indexing (fields, terms, stemmer) changes: old caches are then rebuilt. */
export const ENGINE_VERSION = 5;
/** An article is a page of help, not a data dump. */
export const ARTICLE_MAX_BYTES = 2 * 1024 * 1024;
/** Thousands of articles fit; a folder of logs does not. */
export const CORPUS_MAX_BYTES = 64 * 1024 * 1024;

export interface KbDoc {
  id: string;
  title: string;
  lang: string | null;
  category: string | null;
  tags: string[];
  /** Path relative to the folder. */
  file: string;
}

export interface CorpusLimits {
  maxArticleBytes?: number;
  maxTotalBytes?: number;
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

/** The refusal of one article, as the error a user reads (exit 4: fix the folder). */
export function articleError(e: FileRefusedError): ConfigError {
  const hint = e.problem === 'too-big' ? msg('err.kb.article.tooBig.hint') : msg('err.kb.article.hint');
  return new ConfigError(msg('err.kb.article', { path: e.path, detail: e.detailMsg }), { hint });
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
      throw new NotFoundError(msg('err.kb.folderUnreadable', { dir, code: code ?? String(e) }), {
        hint: msg('err.kb.folder.hint'),
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

export interface Corpus {
  dir: string;
  /** The article files, relative to `dir`, sorted. */
  files: string[];
  /** Changes when a file is added, removed, resized or touched (and with ENGINE_VERSION). */
  sig: string;
}

/**
 * List the articles of `dir` and check each one (regular file, within the caps) without reading
 * it: a refused file is an error that names it, before any search runs. A link that points nowhere
 * is skipped, as an unreadable file is.
 */
export function scanCorpus(dir: string, limits: CorpusLimits = {}): Corpus {
  const maxArticle = limits.maxArticleBytes ?? ARTICLE_MAX_BYTES;
  const maxTotal = limits.maxTotalBytes ?? CORPUS_MAX_BYTES;
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  const parts: string[] = [`v${ENGINE_VERSION}`, dir];
  const files: string[] = [];
  let total = 0;
  for (const f of listMarkdown(dir)) {
    let st;
    try {
      st = statRegularFile(prefix + f, maxArticle);
    } catch (e) {
      if (e instanceof FileRefusedError && (e.problem === 'missing' || e.problem === 'unreadable')) continue;
      throw e instanceof FileRefusedError ? articleError(e) : e;
    }
    total += st.size;
    if (total > maxTotal) {
      throw new ConfigError(msg('err.kb.tooMuch', { dir, size: formatBytes(maxTotal) }), {
        hint: msg('err.kb.tooMuch.hint'),
      });
    }
    files.push(f);
    parts.push(`${f}\0${st.size}\0${st.mtimeMs}`);
  }
  return { dir, files, sig: createHash('sha1').update(parts.join('\n')).digest('hex') };
}

/** The text of one article, within the cap; null when it vanished or cannot be read. */
export function readArticle(dir: string, file: string, maxBytes = ARTICLE_MAX_BYTES): string | null {
  try {
    return readRegularFile(join(dir, file), maxBytes).toString('utf8');
  } catch (e) {
    if (e instanceof FileRefusedError && (e.problem === 'missing' || e.problem === 'unreadable')) return null;
    throw e instanceof FileRefusedError ? articleError(e) : e;
  }
}

/** The body of an article without its front matter ('' when it cannot be read any more). */
export function readArticleBody(dir: string, file: string): string {
  const text = readArticle(dir, file);
  return text === null ? '' : parseFrontMatter(text).body;
}

/** What is indexed of an article: its metadata and the searchable text. */
export interface ParsedArticle {
  doc: KbDoc;
  tags: string;
  body: string;
}

export function parseArticle(file: string, text: string): ParsedArticle {
  const { attrs, body } = parseFrontMatter(text);
  const str = (k: string) => (typeof attrs[k] === 'string' && attrs[k] ? (attrs[k] as string) : null);
  const id = str('id') ?? basename(file).replace(/\.(md|markdown)$/i, '');
  const heading = /^\s{0,3}#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const title = str('title') ?? heading ?? id;
  const tagsRaw = attrs.tags;
  const tags = Array.isArray(tagsRaw) ? tagsRaw : typeof tagsRaw === 'string' ? tagsRaw.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return {
    doc: { id, title, lang: str('lang') ?? str('locale'), category: str('category'), tags, file },
    tags: tags.join(' '),
    body: markdownToText(body),
  };
}
