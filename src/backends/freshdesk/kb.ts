// Solutions (knowledge base): GET /search/solutions?term=… and GET /solutions/articles/{id}.
import { msg } from '../../i18n/msg.js';
import type { Article } from '../../model.js';
import { htmlToText } from '../shared/html.js';
import { getJson } from './api.js';
import type { FdState } from './state.js';

interface FdArticle {
  id: number;
  title: string;
  description?: string | null;
  description_text?: string | null;
  status?: number;
  lang?: string | null;
}

function snippet(text: string, query: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const at = Math.max(0, Math.min(...words.map((w) => one.toLowerCase().indexOf(w)).filter((i) => i >= 0), one.length));
  const start = at > 60 ? at - 60 : 0;
  const cut = one.slice(start, start + 200);
  return (start ? '…' : '') + cut + (start + 200 < one.length ? '…' : '');
}

export async function searchKb(st: FdState, query: string, opts: { limit: number }): Promise<Article[]> {
  const list = await getJson<FdArticle[]>(st.http, 'search/solutions', { term: query }, msg('err.what.solutionsSearch', { backend: 'Freshdesk' }));
  const published = (list ?? []).filter((a) => a.status === undefined || a.status === 2);
  const out: Article[] = [];
  for (const [i, a] of published.slice(0, opts.limit || 25).entries()) {
    const text = a.description_text ?? (await htmlToText(a.description));
    out.push({ id: String(a.id), title: a.title, snippet: snippet(text, query), url: `${st.origin}/support/solutions/articles/${a.id}`, locale: a.lang ?? null, score: published.length - i });
  }
  return out;
}

export async function getArticle(st: FdState, id: string): Promise<Article> {
  const a = await getJson<FdArticle>(st.http, `solutions/articles/${encodeURIComponent(id)}`, undefined, msg('err.what.article', { backend: 'Freshdesk', id }));
  const body = a.description ? await htmlToText(a.description) : (a.description_text ?? '');
  return { id: String(a.id), title: a.title, snippet: body.replace(/\s+/g, ' ').slice(0, 200), url: `${st.origin}/support/solutions/articles/${a.id}`, locale: a.lang ?? null, body, format: 'text' };
}
