import { CancelledError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { resumeCommand } from '../../drafts/store.js';
import { isVisible } from '../../forms/validate.js';
import { excerpt } from '../../util/text.js';
import { neutralize, neutralizeLine } from '../../io/sanitize.js';
import { SECTIONS, sectionAnswerText, sectionsMarkdown } from '../sections.js';
import { severalRequestsReasons } from '../split.js';
import { contactLine, type WizardCore } from '../core.js';
import { stepCategory } from './category.js';
import { stepSubject } from './subject.js';
import { fill } from './fill.js';

// Steps 7 and 8: one request = one ticket, then the review, where any answer can be changed.

// 7 ─ one request = one ticket
export async function stepSplit(w: WizardCore): Promise<void> {
  if (w.a.splitAccepted || w.flags.yes) return;
  const reasons = severalRequestsReasons(w.a, w.t);
  if (!reasons.length) return;
  w.header(7, 'step.review');
  w.say(w.c.yellow('! ') + w.t('split.warning', { reasons: reasons.join('; ') }));
  const go = await w.prompter.confirm({ message: w.t('split.question'), default: false });
  if (!go) {
    w.save();
    throw new CancelledError(msg('split.stopped', { command: resumeCommand(w.draft!.id) }));
  }
  w.a.splitAccepted = true;
  w.save();
}

// 8 ─ review, with the option to change any answer
export async function stepReview(w: WizardCore): Promise<void> {
  if (w.flags.yes) return;
  const t = w.t;
  for (;;) {
    w.header(8, 'step.review');
    printSummary(w);
    const action = await w.prompter.select<string>({
      message: t('review.question'),
      choices: [
        { value: 'submit', name: t('review.submit') },
        { value: 'edit', name: t('review.edit') },
        { value: 'editor', name: t('review.editor') },
        { value: 'keep', name: t('review.keep') },
        { value: 'discard', name: t('review.discard') },
      ],
      default: 'submit',
    });
    if (action === 'submit') return;
    if (action === 'keep') {
      w.save();
      throw new CancelledError(msg('review.kept', { command: resumeCommand(w.draft!.id) }));
    }
    if (action === 'discard') {
      w.dropDraft();
      throw new CancelledError(msg('review.discarded'));
    }
    if (action === 'editor') {
      const current = w.a.body ?? sectionsMarkdown(w.a, t);
      const v = await w.prompter.editor({ message: t('review.editor'), default: current });
      if (v.trim() !== current.trim()) w.a.body = v.replace(/\s+$/, '');
      w.save();
      continue;
    }
    await editOne(w);
  }
}

export async function editOne(w: WizardCore): Promise<void> {
  const t = w.t;
  const a = w.a;
  const choices: { value: string; name: string }[] = [
    { value: 'category', name: `${t('label.category')}: ${a.category}` },
    { value: 'subject', name: `${t('label.subject')}: ${excerpt(a.subject ?? '', 60)}` },
  ];
  for (const f of w.category.fields) {
    if (!isVisible(f, a.fields, a.type)) continue;
    choices.push({ value: `field:${f.key}`, name: `${w.fieldLabel(f)}: ${w.fieldValue(f)}` });
  }
  if (a.body !== undefined) {
    choices.push({ value: 'body', name: `${t('label.description')}: ${excerpt(a.body, 60)}` });
  } else {
    for (const s of SECTIONS) {
      const v = a.sections[s.key];
      choices.push({ value: `section:${s.key}`, name: `${t(s.heading)}: ${v ? excerpt(sectionAnswerText(s, v, t), 50) : t('none')}` });
    }
  }
  choices.push(
    { value: 'priority', name: `${t('label.priority')}: ${t(`priority.name.${a.priority ?? 'normal'}`)}` },
    { value: 'type', name: `${t('label.type')}: ${t(`type.name.${a.type ?? 'incident'}`)}` },
    { value: 'attachments', name: `${t('label.attachments')}: ${a.attachments?.length ? a.attachments.length : t('none')}` },
    { value: 'cc', name: `${t('label.cc')}: ${a.cc?.length ? a.cc.join(', ') : t('none')}` },
    { value: 'contact', name: `${t('label.contact')}: ${a.contact ? contactLine(a.contact, t) : t('none')}` },
    { value: 'back', name: t('review.back') },
  );
  const which = await w.prompter.select<string>({ message: t('review.which'), choices });
  if (which === 'back') return;
  if (which === 'category') {
    w.prev.category = a.category;
    await stepCategory(w);
  } else if (which === 'subject') {
    w.prev.subject = a.subject;
    await stepSubject(w);
  } else if (which.startsWith('field:')) {
    const key = which.slice(6);
    w.prev[which] = a.fields[key];
    a.askedFields = a.askedFields.filter((k) => k !== key);
  } else if (which === 'body') {
    w.prev.body = a.body;
  } else if (which.startsWith('section:')) {
    const key = which.slice(8);
    w.prev[which] = a.sections[key];
    delete a.sections[key];
  } else if (which === 'priority') {
    w.prev.priority = a.priority;
    w.prev.justification = a.justification;
    delete a.priority;
    delete a.justification;
  } else {
    const k = which as 'type' | 'attachments' | 'cc' | 'contact';
    w.prev[k] = a[k];
    delete a[k];
  }
  await fill(w);
}

export function printSummary(w: WizardCore): void {
  const t = w.t;
  const c = w.c;
  const a = w.a;
  const rows: [string, string][] = [
    [t('label.category'), a.category ?? ''],
    [t('label.subject'), neutralizeLine(a.subject ?? '')],
  ];
  for (const f of w.category.fields) {
    if (!isVisible(f, a.fields, a.type) || a.fields[f.key] === undefined) continue;
    rows.push([w.fieldLabel(f), w.fieldValue(f)]);
  }
  const pr = a.priority ?? 'normal';
  rows.push([t('label.priority'), t(`priority.name.${pr}`) + (a.justification && (pr === 'high' || pr === 'urgent') ? ` — ${a.justification}` : '')]);
  rows.push([t('label.type'), t(`type.name.${a.type ?? 'incident'}`)]);
  if (a.attachments?.length) rows.push([t('label.attachments'), a.attachments.join(', ')]);
  if (a.cc?.length) rows.push([t('label.cc'), a.cc.join(', ')]);
  if (a.contact) rows.push([t('label.contact'), contactLine(a.contact, t)]);
  const width = Math.max(...rows.map((r) => r[0].length));
  w.say(c.bold(t('review.title')));
  for (const [k, v] of rows) w.say(`  ${c.dim(k.padEnd(width))}  ${v}`);
  w.say(`  ${c.dim(t('label.description'))}`);
  if (a.body !== undefined) {
    const lines = neutralize(a.body).split('\n');
    for (const line of lines.slice(0, 12)) w.say(`    ${line}`);
    if (lines.length > 12) w.say(`    …`);
  } else {
    for (const s of SECTIONS) {
      const v = a.sections[s.key];
      if (!v) continue;
      w.say(`    ${c.dim(t(s.heading) + ':')} ${excerpt(neutralizeLine(sectionAnswerText(s, v, t)), 80)}`);
    }
  }
  if (a.diagnostics) {
    const count: Record<string, number> = {};
    for (const m of a.diagnostics.matchAll(/^- \[(ok|warn|fail|skip)\]/gm)) count[m[1]] = (count[m[1]] ?? 0) + 1;
    const parts = [c.green(`✓ ${count.ok ?? 0}`), c.yellow(`! ${count.warn ?? 0}`), c.red(`✗ ${count.fail ?? 0}`)];
    w.say(`  ${c.dim(t('label.diagnostics'))}  ${parts.join('  ')}`);
  }
}
