// Help Center article search: GET /api/v2/help_center/articles/search (snippets are HTML with <em>).
import type { Article } from '../../model.js';
import { getJson } from './api.js';
import { msg } from '../../i18n/msg.js';
import { htmlToText, snippetToText } from '../shared/html.js';
import type { ZdState } from './state.js';

interface HcArticle {
  id: number;
  title: string;
  snippet?: string | null;
  body?: string | null;
  html_url?: string | null;
  locale?: string | null;
}

/** `--lang en` → Help Center locale `en-us`; other languages are their own locale. */
export function hcLocale(lang: string | null | undefined): string | undefined {
  if (!lang) return undefined;
  const l = lang.toLowerCase();
  return l === 'en' ? 'en-us' : l;
}

export async function searchKb(st: ZdState, query: string, opts: { limit: number; lang?: string | null }): Promise<Article[]> {
  const perPage = Math.max(1, Math.min(100, opts.limit || 25));
  const run = async (locale: string | undefined) => {
    const page = await getJson<{ results?: HcArticle[] }>(
      st.http,
      'help_center/articles/search',
      { query, per_page: perPage, locale },
      msg('err.what.hcSearch', { backend: 'Zendesk' }),
    );
    return page.results ?? [];
  };
  const locale = hcLocale(opts.lang);
  let results = await run(locale);
  // A Help Center without that language: search its default locale rather than find nothing.
  if (!results.length && locale) results = await run(undefined);
  const out: Article[] = [];
  for (const [i, a] of results.slice(0, perPage).entries()) {
    out.push({
      id: String(a.id),
      title: a.title,
      snippet: await snippetToText(a.snippet ?? a.body?.slice(0, 400) ?? ''),
      url: a.html_url ?? null,
      locale: a.locale ?? null,
      score: results.length - i,
    });
  }
  return out;
}

export async function getArticle(st: ZdState, id: string): Promise<Article> {
  const { article: a } = await getJson<{ article: HcArticle }>(st.http, `help_center/articles/${encodeURIComponent(id)}`, undefined, msg('err.what.hcArticle', { id }));
  const body = await htmlToText(a.body ?? '');
  return {
    id: String(a.id),
    title: a.title,
    snippet: body.replace(/\s+/g, ' ').slice(0, 200),
    url: a.html_url ?? null,
    locale: a.locale ?? null,
    body,
    format: 'text',
  };
}
