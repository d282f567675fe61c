// The knowledge-base engine, in four parts: corpus.ts (the folder's articles, read safely), cache.ts
// (the index on disk), snippet.ts (what a result shows), search.ts (KnowledgeBase: open, search, get).
export { ARTICLE_MAX_BYTES, CORPUS_MAX_BYTES, packageRoot, shippedKbDir, type KbDoc } from './corpus.js';
export { bestSnippet, markdownToText } from './snippet.js';
export { KnowledgeBase, QUERY_MAX_CHARS, type KbOpenOptions, type KbSearchOptions } from './search.js';
