import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { ConfigError, UsageError } from '../../errors.js';
import { ConfigStore } from '../../config/store.js';
import { msg } from '../../i18n/msg.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const profile = program.command('profile').description(t('adm.help.profile'));
  profile.command('list').alias('ls').description(t('adm.help.profile.list')).action(async () => runProfileList(host.context()));
  profile
    .command('use')
    .description(t('adm.help.profile.use'))
    .argument('<name>')
    .action(async (name: string) => runProfileUse(host.context(), name));
  profile
    .command('remove')
    .alias('rm')
    .description(t('adm.help.profile.remove'))
    .argument('<name>')
    .option('-y, --yes', t('adm.help.profile.remove.yes'))
    .action(async (name: string, flags: { yes?: boolean }) => runProfileRemove(host.context(), name, flags));
}

export async function runProfileList(ctx: Context): Promise<void> {
  const cfg = new ConfigStore(ctx.paths.config).read();
  const rows = Object.entries(cfg.profiles).map(([name, p]) => ({
    name,
    backend: p.backend,
    url: p.url ?? null,
    user: p.user ?? null,
    current: name === cfg.currentProfile,
  }));
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  if (!rows.length) {
    if (ctx.io.stdout.isTTY) ctx.io.stdout.write(ctx.t('adm.profile.none') + '\n');
    return;
  }
  for (const r of rows) ctx.io.stdout.write(`${r.current ? '*' : ' '} ${r.name}\t${r.backend}\t${r.url ?? ''}\t${r.user ?? ''}\n`);
}

function mustExist(store: ConfigStore, name: string): void {
  const cfg = store.read();
  if (!cfg.profiles[name]) {
    const known = Object.keys(cfg.profiles);
    throw new ConfigError(msg('adm.profile.unknown', { name }), {
      hint: known.length ? msg('adm.profile.known', { names: known.join(', ') }) : msg('adm.profile.create.hint'),
    });
  }
}

export async function runProfileUse(ctx: Context, name: string): Promise<void> {
  const store = new ConfigStore(ctx.paths.config);
  mustExist(store, name);
  await store.update((cfg) => {
    cfg.currentProfile = name;
  });
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ current: name }) + '\n');
  else if (ctx.io.stdout.isTTY) ctx.io.stdout.write(ctx.t('adm.profile.used', { name }) + '\n');
}

export async function runProfileRemove(ctx: Context, name: string, flags: { yes?: boolean }): Promise<void> {
  const store = new ConfigStore(ctx.paths.config);
  mustExist(store, name);
  if (!flags.yes) {
    if (!ctx.canPrompt) throw new UsageError(msg('adm.profile.remove.needsYes', { name }));
    const ok = await (await ctx.prompter()).confirm({ message: ctx.t('adm.profile.remove.confirm', { name }), default: false });
    if (!ok) return;
  }
  await store.update((cfg) => {
    delete cfg.profiles[name];
    if (cfg.currentProfile === name) delete cfg.currentProfile;
  });
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ removed: name }) + '\n');
  else if (ctx.io.stdout.isTTY) ctx.io.stdout.write(ctx.t('adm.profile.removed', { name }) + '\n');
}
