import type { Command, Option } from 'commander';
import type { CommandHost } from '../context/index.js';
import { UsageError } from '../errors.js';
import { collect } from './shared/options.js';
import { msg } from '../i18n/msg.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('schema')
    .description(host.t('adm.help.schema'))
    .argument('[command...]', host.t('adm.help.schema.command'))
    .action(async (words: string[]) => {
      const ctx = host.context();
      const { cliSchema } = await import('../schema/cli.js');
      const only = words.length ? words.join(' ') : undefined;
      const doc = cliSchema(program, (o: Option) => (o as unknown as { parseArg?: unknown }).parseArg === collect, only);
      if ('missing' in doc) {
        throw new UsageError(msg('adm.schema.unknown', { name: only ?? '' }), { hint: msg('adm.schema.unknown.hint', { names: (doc.known as string[]).join(', ') }) });
      }
      ctx.io.stdout.write(JSON.stringify(doc, null, ctx.io.stdout.isTTY ? 2 : 0) + '\n');
    });
}
