import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('profile')
    .description('list, switch and remove profiles')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket profile` is not available yet.');
    });
}
