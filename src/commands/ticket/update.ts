import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('update')
    .description('change status, priority, fields, CCs')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket update` is not available yet.');
    });
}
