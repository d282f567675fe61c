import { Command, Option } from 'commander';
import type { IOStreams } from '../io/streams.js';
import type { Context, Env } from './context.js';
import { VERSION } from '../version.js';
import { registerCommands } from '../commands/index.js';
import { pickLanguage } from '../i18n/lang.js';
import { translator } from '../i18n/messages.js';

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

/** `--lang X` / `--lang=X` before commander has parsed anything (help text is written at registration). */
export function langFromArgv(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

export function createProgram(host: ProgramHost): Command {
  const program = new Command('ticket');
  // The language of --help and of commander's own messages: --lang, then the environment.
  const t = translator(pickLanguage(langFromArgv(host.argv), undefined, host.env));
  const json = host.argv.includes('--json') || host.argv.some((a) => a === '--fields' || a.startsWith('--fields='));
  const helpAfterError = json ? false : '(run with --help for usage)';
  program
    .description('File, follow and update support tickets from the terminal, CI and scripts.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--profile <name>', 'use this profile (default: TICKET_PROFILE, then the current profile)')
    .option('--json', 'machine-readable JSON output (errors as JSON on stderr)')
    .option('--fields <a,b,c>', 'only these keys of each ticket, in this order (implies --json)')
    .option('--no-input', 'never prompt; a missing input is a usage error')
    .option('--no-pager', 'never page output through $TICKET_PAGER, $PAGER or less')
    .option('--no-color', 'no colour')
    .option('--debug', 'trace HTTP requests on stderr (secrets redacted)')
    .addOption(new Option('--lang <lang>', 'language of prompts and messages').choices(['en', 'fr', 'ro']))
    .showSuggestionAfterError(true)
    .showHelpAfterError(helpAfterError)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => host.io.stdout.write(s),
      writeErr: (s) => host.io.stderr.write(s),
      outputError: (s, write) => {
        if (json) {
          const message = s.trim().replace(/^error:\s*/, '').split('\n')[0];
          write(JSON.stringify({ error: { code: 'usage', message, hint: 'Run with --help for usage.', retryable: false } }) + '\n');
        } else {
          write(s);
        }
      },
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 failure · 2 usage/validation · 3 not found · 4 auth/config · 5 backend unavailable
            7 queued to the outbox · 8 partial bulk failure · 130 cancelled
Environment: TICKET_HOME TICKET_PROFILE TICKET_BACKEND TICKET_URL TICKET_USER TICKET_TOKEN TICKET_PASSWORD
             TICKET_PAGER PAGER NO_COLOR FORCE_COLOR CI HTTPS_PROXY NO_PROXY NODE_EXTRA_CA_CERTS`,
    );

  const cmdHost: CommandHost = { context: () => host.getContext(program), t };
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
