import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import { UsageError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { helpBlock } from './help-text.js';

const SHELLS = ['bash', 'zsh', 'fish'];
const INSTALL = [
  'bash  ticket completion bash > ~/.local/share/bash-completion/completions/ticket',
  'zsh   ticket completion zsh > "${fpath[1]}/_ticket"',
  'fish  ticket completion fish > ~/.config/fish/completions/ticket.fish',
];

export function register(program: Command, host: CommandHost): void {
  program
    .command('completion')
    .description(host.t('adm.help.completion'))
    .argument('<shell>', SHELLS.join(' | '))
    .addHelpText('after', helpBlock(host.t('adm.help.completion.install'), INSTALL) + '\n' + host.t('adm.help.completion.after'))
    .action(async (shell: string) => runCompletion(host.context(), shell));
}

export async function runCompletion(ctx: Context, shell: string): Promise<void> {
  const scripts = await import('../completion/scripts.js');
  const script = { bash: scripts.BASH, zsh: scripts.ZSH, fish: scripts.FISH }[shell];
  if (!script) throw new UsageError(msg('adm.completion.unknown', { shell }), { hint: msg('adm.completion.unknown.hint') });
  ctx.io.stdout.write(script);
}
