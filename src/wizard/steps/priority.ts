import type { Priority } from '../../model.js';
import { PRIORITIES } from '../../model.js';
import type { WizardCore } from '../core.js';
import { justificationRequired } from '../../operations/priority.js';

// Step 5: the priority, chosen by impact; high and urgent are justified (unless the profile sets
// requireJustification false).

// 5 ─ priority by impact; high and urgent are justified
export async function stepPriority(w: WizardCore): Promise<void> {
  const t = w.t;
  if (w.a.priority === undefined) {
    w.header(5, 'step.priority');
    w.a.priority = await w.prompter.select<Priority>({
      message: t('priority.question'),
      choices: PRIORITIES.map((p) => ({ value: p, name: `${t(`priority.${p}`)} → ${t(`priority.name.${p}`)}` })),
      default: (w.prev.priority as Priority | undefined) ?? 'normal',
    });
    delete w.prev.priority;
    if (w.a.priority !== 'high' && w.a.priority !== 'urgent') delete w.a.justification;
    w.save();
  }
  if ((w.a.priority === 'high' || w.a.priority === 'urgent') && w.a.justification === undefined && justificationRequired(w.ctx)) {
    w.header(5, 'step.priority');
    const v = await w.prompter.input({
      message: t('priority.justify', { priority: t(`priority.name.${w.a.priority}`) }),
      default: (w.prev.justification as string | undefined) || undefined,
      validate: (raw) => (raw.trim() ? true : t('required')),
    });
    delete w.prev.justification;
    w.a.justification = v.replace(/\s+/g, ' ').trim();
    w.save();
  }
}
