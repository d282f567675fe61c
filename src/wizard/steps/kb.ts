import type { Article } from '../../model.js';
import { isTicketError } from '../../errors.js';
import { excerpt } from '../../util/text.js';
import { neutralizeLine } from '../../io/sanitize.js';
import { isCancellation } from '../cancel.js';
import { stripTags, type WizardCore } from '../core.js';

// Step 3 (continued): the knowledge base, searched with the subject; an article may end the flow.

// 3 ─ knowledge base; true when an article solved the problem (no ticket)
export async function stepKb(w: WizardCore): Promise<boolean> {
  if (w.a.kbDone) return false;
  w.header(3, 'step.subject');
  const c = w.c;
  w.say(c.dim(w.t('kb.searching')));
  let articles: Article[];
  try {
    articles = await w.cancel.race(
      w.backend.searchKb(w.a.subject ?? '', { category: w.a.category ?? null, limit: 5, lang: w.lang }),
    );
  } catch (e) {
    if (isCancellation(e)) throw e;
    w.say(c.yellow('! ') + w.t('kb.unavailable', { reason: isTicketError(e) ? e.say(w.t).message : String((e as Error)?.message ?? e) }));
    articles = [];
  }
  articles = articles.slice(0, 5);
  if (!articles.length) {
    w.say(w.t('kb.none'));
  } else {
    w.say(w.t('kb.found'));
    articles.forEach((ar, i) => {
      w.say(`  ${i + 1}. ${c.bold(neutralizeLine(ar.title))}  ${c.dim(`[${neutralizeLine(ar.url ?? ar.id)}]`)}`);
      if (ar.snippet) w.say(`     ${c.dim(excerpt(neutralizeLine(stripTags(ar.snippet)), 110))}`);
    });
    for (;;) {
      const choice = await w.prompter.select<string>({
        message: w.t('kb.question'),
        choices: [
          ...articles.map((ar) => ({ value: ar.id, name: w.t('kb.read', { title: neutralizeLine(ar.title) }) })),
          { value: '', name: w.t('kb.continue') },
        ],
      });
      if (choice === '') break;
      const summary = articles.find((x) => x.id === choice)!;
      let full = summary;
      try {
        full = await w.cancel.race(w.backend.getArticle(choice));
      } catch (e) {
        if (isCancellation(e)) throw e;
      }
      const { articleToText } = await import('../article.js');
      const { bodyRenderer } = await import('../../io/body.js');
      const width = Math.min(100, Math.max(40, (w.ctx.io.stderr.columns ?? 80) - 2));
      w.say('');
      w.say(await articleToText(full, width, await bodyRenderer(w.ctx, { stream: 'stderr', width })));
      w.say('');
      const solved = await w.prompter.confirm({ message: w.t('kb.solved'), default: false });
      if (solved) {
        const { recordDeflection } = await import('../../doctor/deflections.js');
        await recordDeflection(w.ctx.paths.state, {
          at: w.ctx.now(),
          reason: 'kb',
          subject: w.a.subject ?? null,
          article: full.id,
          category: w.a.category ?? null,
        });
        w.dropDraft();
        w.say(c.green('✓ ') + w.t('kb.deflected'));
        w.printDeflection('kb', full.id);
        return true;
      }
      const read = `${neutralizeLine(full.title)} (${neutralizeLine(full.url ?? full.id)})`;
      w.a.kbRead = [...new Set([...(w.a.kbRead ?? []), read])];
      w.save();
    }
  }
  w.a.kbDone = true;
  w.save();
  return false;
}
