import { SECTIONS } from '../sections.js';
import type { WizardCore } from '../core.js';

// Step 4 (continued): the description, section by section (or the whole body from the review).

// 4 ─ the description sections (skipped when a whole body was given)
export async function stepSections(w: WizardCore): Promise<void> {
  if (w.a.body !== undefined && w.prev.body === undefined) return;
  if (w.prev.body !== undefined) {
    w.header(4, 'step.description');
    w.a.body = await w.prompter.editor({ message: w.t('review.editor'), default: w.prev.body as string });
    delete w.prev.body;
    w.save();
    return;
  }
  for (const s of SECTIONS) {
    if (w.a.sections[s.key] !== undefined) continue;
    w.header(4, 'step.description');
    const prev = w.prev[`section:${s.key}`] as string | undefined;
    let v: string;
    if (s.kind === 'choice') {
      v = await w.prompter.select<string>({
        message: w.t(s.question),
        choices: s.choices!.map((ch) => ({ value: ch.value, name: w.t(ch.label) })),
        default: prev,
      });
    } else {
      v = await w.askLong(w.t(s.question), { required: Boolean(s.required), default: prev });
    }
    delete w.prev[`section:${s.key}`];
    w.a.sections[s.key] = v;
    w.save();
  }
}
