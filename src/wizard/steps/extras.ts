import { statSync } from 'node:fs';
import type { TicketType } from '../../model.js';
import { isEmail } from '../../util/text.js';
import { absolute, cleanPath, contactLine, human, safeProfile, splitEmails, type WizardCore } from '../core.js';

// Step 6: type, attachments, CC and the contact.

// 6 ─ type, attachments, CC, contact
export async function stepExtras(w: WizardCore): Promise<void> {
  const t = w.t;
  if (w.a.type === undefined) {
    w.header(6, 'step.extras');
    const def: TicketType = (w.prev.type as TicketType | undefined) ?? (w.a.priority === 'low' ? 'question' : 'incident');
    w.a.type = await w.prompter.select<TicketType>({
      message: t('type.question'),
      choices: [
        { value: 'incident', name: t('type.incident') },
        { value: 'question', name: t('type.question.choice') },
        { value: 'feature', name: t('type.feature') },
      ],
      default: def,
    });
    delete w.prev.type;
    w.save();
  }
  if (w.a.attachments === undefined) {
    w.header(6, 'step.extras');
    const list: string[] = [];
    const max = w.backend.capabilities.attachmentMaxBytes;
    const prev = (w.prev.attachments as string[] | undefined) ?? [];
    for (;;) {
      const v = await w.prompter.input({
        message: t(list.length ? 'attach.more' : 'attach.question', { hint: t('skip.hint') }),
        default: prev[list.length],
        validate: (raw) => attachmentProblem(w, raw, list, max),
      });
      const p = cleanPath(v);
      if (!p) break;
      list.push(absolute(p));
      w.a.attachments = [...list];
      w.save();
    }
    delete w.prev.attachments;
    w.a.attachments = list;
    w.save();
  }
  if (w.a.cc === undefined) {
    w.header(6, 'step.extras');
    const prev = w.prev.cc as string[] | undefined;
    const v = await w.prompter.input({
      message: t('cc.question', { hint: t('skip.hint') }),
      default: prev?.length ? prev.join(', ') : undefined,
      validate: (raw) => {
        for (const e of splitEmails(raw)) if (!isEmail(e)) return t('cc.invalid', { value: e });
        return true;
      },
    });
    delete w.prev.cc;
    w.a.cc = [...new Set(splitEmails(v).map((e) => e.toLowerCase()))];
    w.save();
  }
  if (w.a.contact === undefined) {
    const p = safeProfile(w.ctx);
    const fromProfile = { name: p?.name ?? null, email: p?.email ?? null, phone: p?.phone ?? null };
    const prev = w.prev.contact as typeof fromProfile | undefined;
    const known = prev ?? (fromProfile.name || fromProfile.email ? fromProfile : null);
    if (known && !prev && w.flags.yes) {
      w.a.contact = known;
    } else {
      w.header(6, 'step.extras');
      let use = false;
      if (known && !prev) {
        use = await w.prompter.confirm({ message: t('contact.confirm', { contact: contactLine(known, t) }), default: true });
      }
      if (use && known) {
        w.a.contact = known;
      } else {
        const base = known ?? fromProfile;
        const name = await w.prompter.input({ message: t('contact.name'), default: base.name ?? undefined });
        const email = await w.prompter.input({
          message: t('contact.email'),
          default: base.email ?? undefined,
          validate: (raw) => (raw.trim() === '' || isEmail(raw.trim()) ? true : t('cc.invalid', { value: raw.trim() })),
        });
        const phone = await w.prompter.input({ message: t('contact.phone', { hint: t('skip.hint') }), default: base.phone ?? undefined });
        w.a.contact = { name: name.trim() || null, email: email.trim().toLowerCase() || null, phone: phone.trim() || null };
      }
    }
    delete w.prev.contact;
    w.save();
  }
}

export function attachmentProblem(w: WizardCore, raw: string, list: string[], max: number): true | string {
  const p = cleanPath(raw);
  if (!p) return true;
  const t = w.t;
  const abs = absolute(p);
  if (list.includes(abs)) return t('attach.already', { path: p });
  let st;
  try {
    st = statSync(abs);
  } catch {
    return t('attach.missing', { path: p });
  }
  if (st.isDirectory()) return t('attach.dir', { path: p });
  if (!st.isFile()) return t('attach.notFile', { path: p });
  if (st.size > max) return t('attach.tooBig', { path: p, max: human(max) });
  return true;
}
