import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import type { Category } from '../model.js';
import { AuthError, ConfigError, ExitCode, TicketError, UnavailableError } from '../errors.js';
import { helpBlock } from './help-text.js';

export interface DoctorFlags {
  category?: string;
  /** false with --no-checks */
  checks?: boolean;
}

export function register(program: Command, host: CommandHost): void {
  program
    .command('doctor')
    .description(host.t('adm.help.doctor'))
    .option('-c, --category <category>', host.t('adm.help.doctor.category'))
    .option('--no-checks', host.t('adm.help.doctor.noChecks'))
    .addHelpText('after', `\n${host.t('adm.help.doctor.exitCodes')}` + helpBlock(host.t('adm.help.examples'), ['ticket doctor', 'ticket doctor --category DMS --json']))
    .action(async (flags: DoctorFlags) => runDoctorCommand(host.context(), flags));
}

export async function runDoctorCommand(ctx: Context, flags: DoctorFlags): Promise<void> {
  const { runDoctor, renderReport } = await import('../doctor/run.js');
  const { msg } = await import('../i18n/msg.js');
  const t = ctx.t;
  let categories: Category[] = [];
  if (flags.checks !== false) categories = await categoriesToCheck(ctx, flags.category);
  const report = await runDoctor(ctx, { categories, skipCommands: flags.checks === false });
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(report, null, ctx.io.stdout.isTTY ? 2 : 0) + '\n');
  } else {
    const { paint } = await import('../io/output.js');
    const c = paint(ctx, 'stdout');
    const lines = renderReport(report, { ok: c.green, warn: c.yellow, fail: c.red, dim: c.dim }, t);
    lines.push(t('doctor.deflections', { count: report.deflections }));
    ctx.io.stdout.write(lines.join('\n') + '\n');
  }
  const failed = report.checks.filter((x) => x.status === 'fail');
  if (!failed.length) return;
  // A catalogue message: said in the user's language on a terminal, English in JSON.
  const message = msg('doctor.failed', { count: failed.length, names: failed.map((f) => f.name).join(', ') });
  const hint = msg('doctor.failed.hint');
  const codes = failed.map((f) => f.code);
  if (codes.includes('config')) throw new ConfigError(message, { hint });
  if (codes.includes('auth') || codes.includes('permission')) throw new AuthError(message, { hint });
  if (codes.includes('unavailable') || codes.includes('rate_limited')) throw new UnavailableError(message, { hint });
  throw new TicketError('internal', ExitCode.failure, message, { hint });
}

/** --category C: that category (with its checks); otherwise every category that declares checks. */
async function categoriesToCheck(ctx: Context, category: string | undefined): Promise<Category[]> {
  let backend;
  try {
    backend = await ctx.backend();
  } catch {
    return []; // reported by the backend check
  }
  try {
    const all = await backend.listCategories();
    if (!category) return all.filter((c) => c.checks?.length);
    const { resolveCategory } = await import('../forms/validate.js');
    const summary = resolveCategory(all, category);
    return [summary.checks ? summary : await backend.getCategory(summary.id)];
  } catch (e) {
    if (category) throw e;
    return [];
  }
}
