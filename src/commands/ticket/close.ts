import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('close')
    .description('mark a ticket solved, with an optional closing comment')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket close` is not available yet.');
    });
}
