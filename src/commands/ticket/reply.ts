import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('reply')
    .description('add a public reply')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket reply` is not available yet.');
    });
}
