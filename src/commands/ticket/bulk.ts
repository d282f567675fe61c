import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('bulk')
    .description('change many tickets at once')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket bulk` is not available yet.');
    });
}
