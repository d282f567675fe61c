import type { Comment, Ticket } from '../../model.js';
import { neutralize, neutralizeLine } from '../../io/sanitize.js';
import { translator, type Translate } from '../../i18n/messages.js';

// The $EDITOR buffer of `reply`: room to write at the top, then a marker line, then the latest
// public message quoted for context. Everything from the marker down is removed on save (as git
// does with its scissors line), so the quote is never sent.

export const MARKER = '# ------------------------ >8 ------------------------';

export function latestPublic(t: Ticket): Comment | null {
  const pub = (t.comments ?? []).filter((c) => c.public && c.body.trim());
  return pub.length ? pub[pub.length - 1] : null;
}

export function replyBuffer(t: Ticket | null, say: Translate = translator('en')): string {
  const lines = ['', '', MARKER, `# ${say('cmd.reply.buffer.above')}`, `# ${say('cmd.reply.buffer.cancel')}`];
  const last = t ? latestPublic(t) : null;
  if (t) lines.push('#', `# ${say('cmd.reply.buffer.ticket', { id: t.id, subject: neutralizeLine(t.subject) })}`);
  if (last) {
    const who = neutralizeLine([last.author.name, last.author.email ? `<${last.author.email}>` : ''].filter(Boolean).join(' ') || say('cmd.unknownAuthor'));
    lines.push(`# ${say('cmd.reply.buffer.wrote', { at: last.createdAt.replace('T', ' ').slice(0, 16), who })}`);
    for (const l of neutralize(last.body.trimEnd()).split('\n')) lines.push(`# > ${l}`.trimEnd());
  }
  return lines.join('\n') + '\n';
}

/** The reply as written: the marker line and all below it removed, trailing blank lines dropped. */
export function stripBuffer(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = lines.findIndex((l) => l.trimEnd() === MARKER);
  const kept = at >= 0 ? lines.slice(0, at) : lines;
  return kept.join('\n').replace(/\s+$/, '');
}
