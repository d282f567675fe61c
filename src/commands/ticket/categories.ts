import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import { UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('categories')
    .description('categories and their field schemas')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket categories` is not available yet.');
    });
}
