import type { Command, Option } from 'commander';
import type { CommandHost } from '../context/index.js';
import { UsageError } from '../errors.js';
import { collect } from './shared/options.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('schema')
    .description('commands, flags, arguments, JSON outputs and exit codes as JSON Schema (draft 2020-12)')
    .argument('[command...]', 'only this command (e.g. update, "kb search")')
    .action(async (words: string[]) => {
      const ctx = host.context();
      const { cliSchema } = await import('../schema/cli.js');
      const only = words.length ? words.join(' ') : undefined;
      const doc = cliSchema(program, (o: Option) => (o as unknown as { parseArg?: unknown }).parseArg === collect, only);
      if ('missing' in doc) {
        throw new UsageError(`No command "${only}".`, { hint: `Commands: ${(doc.known as string[]).join(', ')}.` });
      }
      ctx.io.stdout.write(JSON.stringify(doc, null, ctx.io.stdout.isTTY ? 2 : 0) + '\n');
    });
}
