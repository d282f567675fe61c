import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('outbox')
    .description('tickets and replies waiting to be sent')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket outbox` is not available yet.');
    });
}
