import type { Command } from 'commander';
import type { CommandHost } from '../cli/program.js';
import { UsageError } from '../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('init')
    .description('create or verify a profile (backend, URL, credentials)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket init` is not available yet.');
    });
}
