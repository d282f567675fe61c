import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('config')
    .description('read and change settings of the current profile')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket config` is not available yet.');
    });
}
