import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('create')
    .description('file a ticket non-interactively')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket create` is not available yet.');
    });
}
