import { parseCc, parseType } from '../../commands/shared/options.js';
import { parsePriority } from '../../operations/priority.js';
import { absolute, type WizardCore } from '../core.js';

// Before step 1: the flags that need no backend answer their questions.

/** Flags that need no backend: subject, body, priority, type, attachments, CC, tags, dedupe key. */
export function applySimpleFlags(w: WizardCore): void {
  const f = w.flags;
  const a = w.a;
  if (f.subject !== undefined) a.subject = f.subject.replace(/\s+/g, ' ').trim();
  if (f.body !== undefined) a.body = f.body;
  if (f.priority !== undefined) a.priority = parsePriority(f.priority);
  if (f.justification !== undefined && f.justification.trim()) a.justification = f.justification.replace(/\s+/g, ' ').trim();
  if (f.type !== undefined) a.type = parseType(f.type);
  if (f.cc !== undefined) a.cc = parseCc(f.cc);
  if (f.attach !== undefined) a.attachments = f.attach.map((p) => absolute(p));
  if (f.tag !== undefined) a.tags = [...new Set(f.tag)];
  if (f.dedupeKey !== undefined) a.dedupeKey = f.dedupeKey;
  if (f.diagnostics === false && a.diagnostics === undefined) a.diagnostics = '';
  if (f.kb === false) a.kbDone = true;
}
