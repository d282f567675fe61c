import type { Translate, MessageKey } from '../i18n/messages.js';
import type { WizardAnswers } from '../drafts/store.js';
import { justificationSection } from '../operations/priority.js';

// The description sections the seed portals ask for, in their order. `kind` says how to ask:
// free text (long answers may go to $EDITOR) or a choice.

export interface Section {
  key: string;
  question: MessageKey;
  heading: MessageKey;
  kind: 'text' | 'choice';
  required?: boolean;
  choices?: { value: string; label: MessageKey }[];
  /** Not scanned by the "several requests" heuristic (numbered steps are expected there). */
  listsExpected?: boolean;
}

export const SECTIONS: Section[] = [
  { key: 'wanted', question: 'section.wanted', heading: 'heading.wanted', kind: 'text', required: true },
  { key: 'expected', question: 'section.expected', heading: 'heading.expected', kind: 'text' },
  { key: 'actual', question: 'section.actual', heading: 'heading.actual', kind: 'text' },
  { key: 'steps', question: 'section.steps', heading: 'heading.steps', kind: 'text', listsExpected: true },
  { key: 'since', question: 'section.since', heading: 'heading.since', kind: 'text' },
  {
    key: 'users',
    question: 'section.users',
    heading: 'heading.users',
    kind: 'choice',
    choices: [
      { value: 'me', label: 'section.users.me' },
      { value: 'team', label: 'section.users.team' },
      { value: 'everyone', label: 'section.users.everyone' },
    ],
  },
  {
    key: 'elsewhere',
    question: 'section.elsewhere',
    heading: 'heading.elsewhere',
    kind: 'choice',
    choices: [
      { value: 'yes', label: 'section.elsewhere.yes' },
      { value: 'no', label: 'section.elsewhere.no' },
      { value: 'untried', label: 'section.elsewhere.untried' },
    ],
  },
  { key: 'tried', question: 'section.tried', heading: 'heading.tried', kind: 'text' },
];

export function sectionAnswerText(section: Section, value: string, t: Translate): string {
  if (section.kind === 'choice') {
    const c = section.choices?.find((x) => x.value === value);
    return c ? t(c.label) : value;
  }
  return value;
}

/** The sections as Markdown (what $EDITOR shows, and the start of the ticket body). */
export function sectionsMarkdown(a: WizardAnswers, t: Translate): string {
  const parts: string[] = [];
  for (const s of SECTIONS) {
    const v = a.sections[s.key];
    if (v === undefined || v.trim() === '') continue;
    parts.push(`## ${t(s.heading)}\n\n${sectionAnswerText(s, v, t).trim()}`);
  }
  return parts.join('\n\n');
}

function contactLines(a: WizardAnswers): string[] {
  const c = a.contact;
  if (!c) return [];
  const out: string[] = [];
  if (c.name) out.push(c.name);
  if (c.email) out.push(c.email);
  if (c.phone) out.push(c.phone);
  return out;
}

/** The body that is sent: description (sections or free text), justification, contact, diagnostics. */
export function composeBody(a: WizardAnswers, t: Translate): string {
  const parts: string[] = [];
  const description = a.body !== undefined ? a.body.trim() : sectionsMarkdown(a, t);
  if (description) parts.push(description);
  if (a.justification && (a.priority === 'high' || a.priority === 'urgent')) {
    parts.push(justificationSection(a.justification, t));
  }
  if (a.kbRead?.length) parts.push(`## ${t('heading.kbRead')}\n\n${a.kbRead.map((x) => `- ${x}`).join('\n')}`);
  const contact = contactLines(a);
  if (contact.length) parts.push(`## ${t('heading.contact')}\n\n${contact.join('\n')}`);
  if (a.diagnostics) parts.push(`## ${t('heading.diagnostics')}\n\n${a.diagnostics.trim()}`);
  return parts.join('\n\n') + '\n';
}
