// Knowledge base: GET /servicedesk/{id}/knowledgebase/article?query=… (the desk's linked Confluence
// spaces). Articles are Confluence pages: `kb show` reads the page through the Confluence REST API
// of the same site where the account may, else says where to read it.
import type { Article } from '../../model.js';
import { NotFoundError, TicketError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { htmlToText } from '../shared/html.js';
import { EXPERIMENTAL, getJson, paginate } from './api.js';
import type { JsmState } from './state.js';
import type { JsmArticle } from './types.js';

/** `@@@hl@@@term@@@endhl@@@` (highlight=true) and HTML tags out of an excerpt. */
export function plainExcerpt(s: string | undefined): string {
  return (s ?? '')
    .replace(/@@@(end)?hl@@@/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function articleUrl(st: JsmState, a: JsmArticle): string | null {
  if (a.source?.pageId && a.source.spaceKey) return `${st.origin}/wiki/spaces/${a.source.spaceKey}/pages/${a.source.pageId}`;
  return a.content?.iframeSrc ?? null;
}

export async function searchKb(st: JsmState, query: string, opts: { limit: number; lang?: string | null }): Promise<Article[]> {
  const desk = await st.desk();
  const limit = Math.max(1, Math.min(100, opts.limit || 25));
  const found: JsmArticle[] = [];
  await paginate<JsmArticle>(
    st.http,
    `servicedesk/${desk.id}/knowledgebase/article`,
    { query, highlight: false, limit },
    msg('err.what.jsm.kbSearch'),
    (items) => {
      found.push(...items);
      return found.length >= limit;
    },
    { headers: EXPERIMENTAL, maxPages: 5 },
  );
  return found.slice(0, limit).map((a, i) => ({
    id: a.source?.pageId ?? String(i + 1),
    title: plainExcerpt(a.title),
    snippet: plainExcerpt(a.excerpt),
    url: articleUrl(st, a),
    locale: opts.lang ?? null,
    score: found.length - i,
  }));
}

export async function getArticle(st: JsmState, id: string): Promise<Article> {
  try {
    const page = await getJson<{ id: string; title: string; body?: { view?: { value?: string } }; space?: { key?: string }; _links?: { webui?: string; base?: string } }>(
      st.http,
      `${st.origin}/wiki/rest/api/content/${encodeURIComponent(id)}`,
      { expand: 'body.view,space' },
      msg('err.what.jsm.kbArticle', { id }),
    );
    const body = await htmlToText(page.body?.view?.value ?? '');
    const url = page._links?.webui ? `${page._links.base ?? `${st.origin}/wiki`}${page._links.webui}` : null;
    return { id: String(page.id), title: page.title, snippet: body.replace(/\s+/g, ' ').slice(0, 200), url, locale: null, body, format: 'text' };
  } catch (e) {
    if (e instanceof TicketError && (e.code === 'permission' || e.code === 'not_found')) {
      throw new NotFoundError(msg('err.jsm.kbUnreadable', { id }), {
        hint: msg('err.jsm.kbUnreadable.hint'),
      });
    }
    throw e;
  }
}
