import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('new')
    .description('guided filing: diagnostics, knowledge base, then the category form')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket new` is not available yet.');
    });
}
