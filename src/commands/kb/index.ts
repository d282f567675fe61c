import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('kb')
    .description('knowledge-base search and articles')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket kb` is not available yet.');
    });
}
