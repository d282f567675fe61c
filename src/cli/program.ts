import { Command, Help, Option } from 'commander';
import type { IOStreams } from '../io/streams.js';
import type { Context, Env } from './context.js';
import { VERSION } from '../version.js';
import { registerCommands } from '../commands/index.js';
import { english, msg, translator } from '../i18n/messages.js';
import { helpLanguage } from './help-lang.js';
import { commanderError, helpNotes, helpTitle } from './commander-text.js';

export interface ProgramHost {
  /** The raw arguments: whether --json was asked matters before commander has parsed anything. */
  argv: string[];
  io: IOStreams;
  env: Env;
  /** Builds the Context from the root command's parsed global options (once). */
  getContext(root: Command): Context;
}

import type { CommandHost } from '../context/index.js';
export type { CommandHost };

export { langFromArgv } from './help-lang.js';

export function createProgram(host: ProgramHost): Command {
  const program = new Command('ticket');
  // The language of --help and of commander's own messages: --lang, then the profile, then the environment.
  const lang = helpLanguage(host.argv, host.env);
  const t = translator(lang);
  const json = host.argv.includes('--json') || host.argv.some((a) => a === '--fields' || a.startsWith('--fields='));
  const helpAfterError = json ? false : t('adm.help.afterError');
  // `ticket schema` describes the commands to programs, in English like the MCP tools' descriptions
  // and every JSON text; its own --help and its errors are in the user's language.
  const d = describesItself(host.argv) ? translator('en') : t;
  program
    .description(d('adm.help.program'))
    .version(VERSION, '-V, --version', d('adm.help.version'))
    .helpOption('-h, --help', d('adm.help.help'))
    .option('--profile <name>', d('adm.help.opt.profile'))
    .option('--json', d('adm.help.opt.json'))
    .option('--fields <a,b,c>', d('adm.help.opt.fields'))
    .option('--no-input', d('adm.help.opt.noInput'))
    .option('--no-pager', d('adm.help.opt.noPager'))
    .option('--no-color', d('adm.help.opt.noColor'))
    .option('--debug', d('adm.help.opt.debug'))
    .addOption(new Option('--lang <lang>', d('adm.help.opt.lang')).choices(['en', 'fr', 'ro']))
    .showSuggestionAfterError(true)
    .showHelpAfterError(helpAfterError)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => host.io.stdout.write(s),
      writeErr: (s) => host.io.stderr.write(s),
      outputError: (s, write) => {
        if (json) {
          // JSON stays English whatever the language (like every error's JSON).
          const message = s.trim().replace(/^error:\s*/, '').split('\n')[0];
          write(JSON.stringify({ error: { code: 'usage', message, hint: english(msg('adm.cli.jsonHint')), retryable: false } }) + '\n');
        } else {
          write(lang === 'en' ? s : commanderError(t, s));
        }
      },
    })
    .addHelpText('after', footer(t));
  if (lang !== 'en') {
    // commander's own words; English is left exactly as commander writes it.
    program.helpCommand('help [command]', t('adm.help.helpCommand'));
    program.configureHelp({
      styleTitle: (title: string) => helpTitle(t, title),
      optionDescription(this: Help, option: Option) {
        return helpNotes(t, Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument) {
        return helpNotes(t, Help.prototype.argumentDescription.call(this, argument));
      },
    });
  }

  const cmdHost: CommandHost = { context: () => host.getContext(program), t: d };
  registerCommands(program, cmdHost);

  // Every subcommand inherits the same behaviour for errors and output.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError(helpAfterError);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** `ticket [global options] schema ...` without --help: the command whose output is the command descriptions. */
function describesItself(argv: string[]): boolean {
  if (argv.includes('--help') || argv.includes('-h')) return false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--profile' || a === '--lang' || a === '--fields') i++;
    else if (!a.startsWith('-')) return a === 'schema';
  }
  return false;
}

/** Exit codes and environment variables, under the root help; continuation lines align with the label. */
function footer(t: ReturnType<typeof translator>): string {
  const block = (label: string, lines: string[]) => lines.map((l, i) => (i === 0 ? `${label} ${l}` : ' '.repeat(label.length + 1) + l)).join('\n');
  const env = ['TICKET_HOME TICKET_PROFILE TICKET_BACKEND TICKET_URL TICKET_USER TICKET_TOKEN TICKET_PASSWORD', 'TICKET_PAGER PAGER NO_COLOR FORCE_COLOR CI HTTPS_PROXY NO_PROXY NODE_EXTRA_CA_CERTS'];
  return `\n${block(t('adm.help.exitCodes'), [t('adm.help.exitCodes.1'), t('adm.help.exitCodes.2')])}\n${block(t('adm.help.environment'), env)}`;
}
