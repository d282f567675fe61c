import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('drafts')
    .description('unfinished tickets saved by `ticket new`')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket drafts` is not available yet.');
    });
}
