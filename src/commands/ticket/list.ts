import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('list')
    .description('tickets, newest first')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket list` is not available yet.');
    });
}
