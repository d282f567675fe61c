import type { WizardCore } from '../core.js';

// Step 3: the subject, within the backend's length limit.

// 3 ─ subject
export async function stepSubject(w: WizardCore): Promise<void> {
  const max = w.backend.capabilities.subjectMaxLength;
  if (w.a.subject !== undefined && w.prev.subject === undefined) {
    const problem = subjectProblem(w, w.a.subject, max);
    if (problem === true) return;
    w.say(w.c.yellow('! ') + problem);
    w.prev.subject = w.a.subject;
  }
  w.header(3, 'step.subject');
  const v = await w.prompter.input({
    message: w.t('subject.question', { max }),
    default: (w.prev.subject as string | undefined) || undefined,
    validate: (raw) => subjectProblem(w, raw, max),
  });
  w.a.subject = v.replace(/\s+/g, ' ').trim();
  delete w.prev.subject;
  w.save();
}

export function subjectProblem(w: WizardCore, raw: string, max: number): true | string {
  const s = raw.replace(/\s+/g, ' ').trim();
  if (!s) return w.t('subject.empty');
  if (s.length > max) return w.t('subject.tooLong', { length: s.length, max });
  return true;
}
