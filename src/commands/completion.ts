import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import { UsageError } from '../errors.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('completion')
    .description('shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash | zsh | fish')
    .addHelpText(
      'after',
      `
Install:
  bash  ticket completion bash > ~/.local/share/bash-completion/completions/ticket
  zsh   ticket completion zsh > "\${fpath[1]}/_ticket"
  fish  ticket completion fish > ~/.config/fish/completions/ticket.fish
Commands, flags, flag values (statuses, priorities, types, categories, field keys, profiles) and
the ids of tickets you listed or showed recently are completed, without any network request.`,
    )
    .action(async (shell: string) => runCompletion(host.context(), shell));
}

export async function runCompletion(ctx: Context, shell: string): Promise<void> {
  const scripts = await import('../completion/scripts.js');
  const script = { bash: scripts.BASH, zsh: scripts.ZSH, fish: scripts.FISH }[shell];
  if (!script) throw new UsageError(`No completion for the shell "${shell}".`, { hint: 'Use bash, zsh or fish.' });
  ctx.io.stdout.write(script);
}
