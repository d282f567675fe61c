// The knowledge base: RT Articles, searched per word in Name, Summary and the Content CF, ranked here.
import type { Article } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { excerpt, fold } from '../../util/text.js';
import type { RtState } from './state.js';
import type { RtArticle, RtCollection } from './types.js';

const cfValue = (a: RtArticle, name: string) => (a.CustomFields ?? []).find((c) => fold(c.name ?? '') === fold(name))?.values?.join('\n\n') ?? '';
const articleLocale = (a: RtArticle) => cfValue(a, 'Language') || cfValue(a, 'Locale') || cfValue(a, 'Lang') || null;
const articleUrl = (root: string, id: string | number) => `${root}/Articles/Article/Display.html?id=${id}`;

const STOP = new Set(
  'the and for with from that this have not are was but you your how what why when les des une est pas pour avec dans sur que qui mon mes son ses aux par plus'.split(
    ' ',
  ),
);

export async function searchKb(st: RtState, query: string, opts: { category?: string | null; limit: number; lang?: string | null }): Promise<Article[]> {
  const words = [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 3 && !STOP.has(w)),
    ),
  ].slice(0, 6);
  const terms = words.length ? words : [query.trim()].filter(Boolean);
  if (!terms.length) return [];
  const q = (field: string, ws: string[]) =>
    st.api
      .json<RtCollection<RtArticle>>(
        {
          method: 'GET',
          path: 'articles',
          query: {
            query: JSON.stringify(ws.map((w) => ({ field, operator: 'LIKE', value: w }))),
            fields: 'Name,Summary,Class,CustomFields',
            'fields[Class]': 'Name',
            per_page: 50,
          },
        },
        msg('err.what.rt.searchArticles'),
      )
      .then((r) => r.items ?? []);
  const batches = await Promise.all([
    q('Name', terms),
    q('Summary', terms),
    ...terms.slice(0, 3).map((w) => q('CF.{Content}', [w]).catch(() => [] as RtArticle[])),
  ]);
  const seen = new Map<string, RtArticle>();
  for (const b of batches) for (const a of b) seen.set(String(a.id), a);
  const lang = opts.lang ? opts.lang.slice(0, 2).toLowerCase() : null;
  const scored = [...seen.values()].map((a) => {
    const name = fold(a.Name ?? '');
    const summary = fold(a.Summary ?? '');
    const content = fold(cfValue(a, 'Content'));
    let score = 0;
    for (const w of terms.map(fold)) score += (name.includes(w) ? 3 : 0) + (summary.includes(w) ? 2 : 0) + (content.includes(w) ? 1 : 0);
    const locale = articleLocale(a);
    if (lang && locale && locale.toLowerCase().startsWith(lang)) score += 0.5;
    const art: Article = {
      id: String(a.id),
      title: a.Name ?? `Article ${a.id}`,
      snippet: excerpt(a.Summary || cfValue(a, 'Content'), 160),
      url: articleUrl(st.root, a.id),
      locale,
      score,
    };
    return art;
  });
  scored.sort((x, y) => (y.score ?? 0) - (x.score ?? 0) || Number(x.id) - Number(y.id));
  return scored.slice(0, opts.limit > 0 ? opts.limit : scored.length);
}

export async function getArticle(st: RtState, id: string): Promise<Article> {
  const s = String(id).trim();
  if (!/^\d+$/.test(s)) throw new NotFoundError(msg('err.rt.badArticleId', { id }));
  const a = await st.api.json<RtArticle>({ method: 'GET', path: `article/${s}` }, msg('err.what.readArticle', { id: s }), () =>
    new NotFoundError(msg('err.rt.articleNotFound', { id: s }), { hint: msg('err.kbSearch.hint') }),
  );
  const body = cfValue(a, 'Content');
  return {
    id: String(a.id),
    title: a.Name ?? `Article ${a.id}`,
    snippet: excerpt(a.Summary || body, 160),
    url: articleUrl(st.root, a.id),
    locale: articleLocale(a),
    body,
    format: /^\s*<[a-z!]/i.test(body) ? 'html' : 'text',
  };
}
