// `ticket init --backend jsm`: which service desk the profile files into. --desk KEY|ID picks one;
// with several and no --desk, a terminal asks and a script gets a usage error naming --desk.
import type { Context } from '../../context/index.js';
import { ConfigError, UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { JsmBackend } from './index.js';
import { deskLabel, findDesk } from './state.js';

export async function chooseDesk(ctx: Context, backend: JsmBackend, wanted: string | undefined): Promise<string> {
  const desks = await backend.serviceDesks();
  if (wanted) {
    const hit = findDesk(desks, wanted);
    if (!hit) {
      throw new UsageError(msg('err.jsm.noDesk', { desk: wanted }), { hint: msg('err.jsm.noDesk.hint', { list: desks.map(deskLabel).join(', ') || msg('err.jsm.none') }) });
    }
    return hit.id;
  }
  if (desks.length === 1) return desks[0].id;
  if (!desks.length) throw new ConfigError(msg('err.jsm.noDesks'), { hint: msg('err.jsm.noDesks.hint') });
  if (!ctx.canPrompt) {
    throw new UsageError(msg('err.jsm.manyDesks', { n: desks.length }), { hint: msg('err.jsm.desks.hint', { list: desks.map(deskLabel).join(', ') }) });
  }
  const p = await ctx.prompter();
  return p.select({ message: ctx.t('err.jsm.deskPrompt'), choices: desks.map((d) => ({ value: d.id, name: `${d.projectName ?? d.id} (${d.projectKey ?? d.id})` })) });
}
