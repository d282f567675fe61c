import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('reopen')
    .description('reactivate a ticket (or open a linked follow-up after the window)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket reopen` is not available yet.');
    });
}
