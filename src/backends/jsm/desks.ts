// `ticket init --backend jsm`: which service desk the profile files into. --desk KEY|ID picks one;
// with several and no --desk, a terminal asks and a script gets a usage error naming --desk.
import type { Context } from '../../context/index.js';
import { ConfigError, UsageError } from '../../errors.js';
import type { JsmBackend } from './index.js';
import { deskLabel, findDesk } from './state.js';

export async function chooseDesk(ctx: Context, backend: JsmBackend, wanted: string | undefined): Promise<string> {
  const desks = await backend.serviceDesks();
  if (wanted) {
    const hit = findDesk(desks, wanted);
    if (!hit) {
      throw new UsageError(`No service desk "${wanted}" for this account.`, { hint: `Use --desk with one of: ${desks.map(deskLabel).join(', ') || 'none'}.` });
    }
    return hit.id;
  }
  if (desks.length === 1) return desks[0].id;
  if (!desks.length) throw new ConfigError('This account sees no service desk on the site.', { hint: 'Ask the administrator to add you as a customer of the service desk.' });
  if (!ctx.canPrompt) {
    throw new UsageError(`This site has ${desks.length} service desks: say which one with --desk KEY|ID.`, { hint: `Service desks: ${desks.map(deskLabel).join(', ')}.` });
  }
  const p = await ctx.prompter();
  return p.select({ message: 'Service desk:', choices: desks.map((d) => ({ value: d.id, name: `${d.projectName ?? d.id} (${d.projectKey ?? d.id})` })) });
}
