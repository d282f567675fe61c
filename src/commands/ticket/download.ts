import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';

export interface DownloadFlags {
  name?: string;
  dir?: string;
  force?: boolean;
}

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('download')
    .description(t('help.download.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('-p, --name <pattern>', t('help.download.name'))
    .option('-D, --dir <dir>', t('help.download.dir'))
    .option('--force', t('help.download.force'))
    .addHelpText('after', t('help.download.after'))
    .action(async (id: string, flags: DownloadFlags) => runDownload(host.context(), parseId(id), flags));
}

const MB = 1024 * 1024;

export async function runDownload(ctx: Context, id: string, flags: DownloadFlags): Promise<void> {
  const backend = await ctx.backend();
  const { downloadAttachments } = await import('../../operations/download.js');
  const { progressBar } = await import('../../io/progress.js');
  const showProgress = ctx.interactiveErr && !ctx.globals.json;
  let bar: ReturnType<typeof progressBar> | null = null;
  const saved = await downloadAttachments(backend, id, {
    name: flags.name,
    dir: flags.dir ?? '.',
    force: Boolean(flags.force),
    onStart: (_a, name, total) => {
      bar = showProgress && (total ?? 0) > MB ? progressBar(ctx, name, total) : null;
    },
    onProgress: (_a, received) => bar?.update(received),
    onDone: (_a, path, bytes) => {
      bar?.done();
      bar = null;
      if (showProgress) ctx.io.stderr.write(ctx.t('cmd.download.saved', { path, size: formatBytes(bytes) }) + '\n');
    },
  });
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ id, files: saved }) + '\n');
  else if (!ctx.io.stdout.isTTY) for (const f of saved) ctx.io.stdout.write(f.path + '\n');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MB) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / MB).toFixed(1)} MB`;
}
