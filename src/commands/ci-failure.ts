import type { Command } from 'commander';
import type { CommandHost } from '../cli/program.js';
import { UsageError } from '../errors.js';

export function register(program: Command, host: CommandHost): void {
  void host;
  program
    .command('ci-failure')
    .description('report a failed CI job: one ticket per distinct failure, redacted log')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('`ticket ci-failure` is not available yet.');
    });
}
