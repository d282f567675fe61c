import { neutralizeLine } from '../../io/sanitize.js';
import type { WizardCore } from '../core.js';

// Step 2: the category's checks and the status page; an announced incident may end the flow.

// 2 ─ diagnostics; true when the user recognised an announced incident (no ticket)
export async function stepDiagnostics(w: WizardCore): Promise<boolean> {
  if (w.a.diagnostics !== undefined) return false;
  w.header(2, 'step.diagnostics');
  w.say(w.c.dim(w.t('diag.running')));
  const { runDoctor, renderReport, reportMarkdown } = await import('../../doctor/run.js');
  const report = await w.cancel.race(runDoctor(w.ctx, { categories: [w.category], signal: w.cancel.signal }));
  const c = w.c;
  for (const line of renderReport(report, { ok: c.green, warn: c.yellow, fail: c.red, dim: c.dim }, w.t)) w.say('  ' + line);
  for (const inc of report.incidents.slice(0, 3)) {
    w.say('');
    w.say(c.yellow('! ') + w.t('diag.incident', { title: neutralizeLine(inc.name), impact: inc.impact, status: inc.status }));
    if (inc.url) w.say('  ' + w.t('diag.incident.link', { url: neutralizeLine(inc.url) }));
    const mine = await w.prompter.confirm({ message: w.t('diag.incident.question'), default: false });
    if (mine) {
      const { recordDeflection } = await import('../../doctor/deflections.js');
      await recordDeflection(w.ctx.paths.state, {
        at: w.ctx.now(),
        reason: 'incident',
        subject: w.a.subject ?? null,
        article: inc.url ?? inc.name,
        category: w.a.category ?? null,
      });
      w.dropDraft();
      w.say(w.t('diag.incident.stop'));
      w.printDeflection('incident', inc.url ?? inc.id);
      return true;
    }
  }
  const problems = report.checks.filter((x) => x.status === 'fail' || x.status === 'warn').length;
  w.say(c.dim(problems ? w.t('diag.problems', { count: problems }) : w.t('diag.ok')));
  w.a.diagnostics = reportMarkdown(report, w.t);
  w.save();
  return false;
}
