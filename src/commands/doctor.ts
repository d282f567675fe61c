import type { Command } from 'commander';
import type { CommandHost } from '../cli/program.js';
import { UsageError } from '../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('doctor')
    .description('diagnostics: configuration, backend, credentials, service status, environment')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket doctor` is not available yet.');
    });
}
