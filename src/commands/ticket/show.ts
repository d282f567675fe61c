import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('show')
    .description('one ticket with its conversation')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket show` is not available yet.');
    });
}
