import type { Translate } from '../i18n/messages.js';
import type { WizardAnswers } from '../drafts/store.js';
import { SECTIONS } from './sections.js';

// "One request = one ticket": a cheap heuristic that spots a description holding several unrelated
// requests. It only warns; the user decides. Three signals, any of which is enough:
//  - words that introduce another request ("another problem", "second question", "par ailleurs",
//    "autre demande", "de asemenea", "o alta problema", "unrelated", "by the way"...);
//  - a list of two or more items in a section where a list means several requests (not the steps);
//  - three or more separate questions.

const MARKERS: RegExp[] = [
  /\b(?:another|other|second|separate|different|unrelated|additional)\s+(?:issue|problem|question|request|bug|topic|matter|point)s?\b/i,
  /\bby the way\b/i,
  /\b(?:also|and)\s+(?:i\s+have|there\s+is)\s+(?:another|a\s+second|an?\s+other)\b/i,
  /\bunrelated\b/i,
  /\b(?:autre|deuxi[eè]me|seconde?|nouvelle)\s+(?:probl[eè]me|question|demande|souci|sujet|point|bug)s?\b/i,
  /\bpar ailleurs\b/i,
  /\bautre chose\b/i,
  /\bsans rapport\b/i,
  /\b(?:o\s+alt[aă]|a\s+doua|alt[aă])\s+(?:problem[aă]|[iî]ntrebare|cerere|chestiune)\b/i,
  /\bde asemenea\b/i,
  /\bf[aă]r[aă] leg[aă]tur[aă]\b/i,
];

const LIST_ITEM = /^\s*(?:\d{1,2}[.)]|[-*•])\s+\S/;

export function severalRequestsReasons(a: WizardAnswers, t: Translate): string[] {
  const reasons: string[] = [];
  const scanned: string[] = [a.subject ?? ''];
  const listTexts: string[] = [];
  if (a.body !== undefined) {
    scanned.push(a.body);
  } else {
    for (const s of SECTIONS) {
      if (s.kind !== 'text') continue;
      const v = a.sections[s.key];
      if (!v) continue;
      scanned.push(v);
      if (!s.listsExpected) listTexts.push(v);
    }
  }
  const all = scanned.join('\n');
  for (const re of MARKERS) {
    const m = re.exec(all);
    if (m) {
      reasons.push(t('split.reason.marker', { word: m[0].trim() }));
      break;
    }
  }
  for (const text of listTexts) {
    const items = text.split('\n').filter((l) => LIST_ITEM.test(l));
    if (items.length >= 2) {
      reasons.push(t('split.reason.list', { count: items.length }));
      break;
    }
  }
  const questionTexts = a.body !== undefined ? [a.subject ?? '', a.body] : [a.subject ?? '', a.sections.wanted ?? '', a.sections.expected ?? ''];
  const questions = questionTexts.join('\n').split(/(?<=\?)/).filter((q) => q.trim().endsWith('?') && q.trim().length > 3);
  if (questions.length >= 3) reasons.push(t('split.reason.questions', { count: questions.length }));
  return reasons;
}
