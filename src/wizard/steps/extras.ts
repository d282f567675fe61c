import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TicketType } from '../../model.js';
import { isEmail } from '../../util/text.js';
import { absolute, cleanPath, contactLine, human, safeProfile, splitEmails, type WizardCore } from '../core.js';
import { contactProblem, hasContact, profileContact, saveContact, type ContactDetails, type ContactKey } from '../../config/contact.js';

// Step 6: type, attachments, CC and the contact.

// 6 ─ type, attachments, CC, contact
export async function stepExtras(w: WizardCore): Promise<void> {
  const t = w.t;
  if (w.a.type === undefined) await stepType(w, 6);
  if (w.a.attachments === undefined) {
    w.header(6, 'step.extras');
    const list: string[] = [];
    const max = w.backend.capabilities.attachmentMaxBytes;
    const prev = (w.prev.attachments as string[] | undefined) ?? [];
    for (;;) {
      const v = await w.prompter.input({
        message: t(list.length ? 'attach.more' : 'attach.question', { hint: `${t('skip.hint')}, ${t('req.clip.keyword')}` }),
        default: prev[list.length],
        validate: (raw) => (raw.trim() === PASTE ? true : attachmentProblem(w, raw, list, max)),
      });
      if (v.trim() === PASTE) {
        // A copied screenshot: saved under the state dir; without a tool, say which to install and ask again.
        const shot = await pasteScreenshot(w, max);
        if (shot) {
          list.push(shot);
          w.a.attachments = [...list];
          w.save();
        }
        continue;
      }
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
  if (w.a.contact === undefined) await stepContact(w);
}

/**
 * The contact details are the profile's: taken from it when it has them (shown, not asked), asked
 * once when it has none, and asked again only when the review edits them. What is asked is saved
 * to the profile.
 */
async function stepContact(w: WizardCore): Promise<void> {
  const t = w.t;
  const p = safeProfile(w.ctx);
  const fromProfile = profileContact(p);
  const prev = w.prev.contact as ContactDetails | undefined;
  if (!prev && hasContact(fromProfile)) {
    w.a.contact = fromProfile;
    if (!w.flags.yes) {
      w.header(6, 'step.extras');
      w.say(w.c.dim(t('req.fromProfile', { contact: contactLine(fromProfile, t) })));
    }
    w.save();
    return;
  }
  w.header(6, 'step.extras');
  if (!prev) w.say(w.c.dim(t('req.ask.intro')));
  const base = prev ?? fromProfile;
  const check = (key: ContactKey) => (raw: string) => {
    const problem = contactProblem(key, raw.trim());
    return problem ? t(problem) : true;
  };
  const name = await w.prompter.input({ message: t('contact.name'), default: base.name ?? undefined, validate: check('name') });
  const email = await w.prompter.input({ message: t('contact.email'), default: base.email ?? undefined, validate: check('email') });
  const phone = await w.prompter.input({ message: t('contact.phone', { hint: t('skip.hint') }), default: base.phone ?? undefined, validate: check('phone') });
  const c: ContactDetails = { name: name.trim() || null, email: email.trim().toLowerCase() || null, phone: phone.trim() || null };
  w.a.contact = c;
  delete w.prev.contact;
  w.save();
  if (p && (c.name !== fromProfile.name || c.email !== fromProfile.email || c.phone !== fromProfile.phone)) {
    const saved = await saveContact(w.ctx.paths.config, p.profileName, c, p);
    w.say(w.c.dim(t('req.saved', { profile: saved })));
  }
}

const PASTE = ':p';

async function pasteScreenshot(w: WizardCore, max: number): Promise<string | null> {
  const { clipboardPath } = await import('../../commands/shared/contact-flags.js');
  const { TicketError } = await import('../../errors.js');
  try {
    const path = await clipboardPath(w.ctx);
    const size = statSync(path).size;
    if (size > max) {
      const { removeClipboardFiles } = await import('../../io/clipboard.js');
      removeClipboardFiles([path], w.ctx.paths.state);
      w.say(w.c.yellow('! ') + w.t('req.clip.tooBig', { max: human(max) }));
      return null;
    }
    w.say(w.c.green('✓ ') + w.t('req.clip.added', { name: basename(path), size: human(size) }));
    return path;
  } catch (e) {
    if (!(e instanceof TicketError)) throw e;
    const said = e.say(w.t);
    w.say(w.c.yellow('! ') + said.message + (said.hint ? `\n  ${said.hint}` : ''));
    return null;
  }
}

/** The ticket type (step 6; step 4 when the category has fields that depend on it). */
export async function stepType(w: WizardCore, step: number): Promise<void> {
  const t = w.t;
  w.header(step, step === 4 ? 'step.fields' : 'step.extras');
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
