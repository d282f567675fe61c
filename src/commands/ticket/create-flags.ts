import type { Command } from 'commander';
import { collect } from '../shared/options.js';
import type { Translate } from '../../i18n/messages.js';
import type { MessageKey } from '../../i18n/messages/en/index.js';
import type { WizardFlags } from '../../wizard/core.js';

// The flags of a new ticket, declared once: `create` and `new` register all of them (the wizard
// takes them as answers given in advance); `ci-failure` registers the ones it shares (category,
// subject, priority, tag, field, dry-run) with its own help text, since there they describe the
// ticket it may open.

export type CreateFlags = WizardFlags;

/** A create flag: its commander flags, its help key, and whether it repeats. */
interface CreateFlag {
  flags: string;
  help: MessageKey;
  repeatable?: boolean;
}

export const CREATE_FLAGS = {
  category: { flags: '-c, --category <category>', help: 'help.create.category' },
  subject: { flags: '-s, --subject <text>', help: 'help.create.subject' },
  body: { flags: '-b, --body <text>', help: 'help.create.body' },
  bodyFile: { flags: '-F, --body-file <file>', help: 'help.create.bodyFile' },
  priority: { flags: '-p, --priority <priority>', help: 'help.create.priority' },
  type: { flags: '-t, --type <type>', help: 'help.create.type' },
  field: { flags: '-f, --field <key=value>', help: 'help.create.field', repeatable: true },
  attach: { flags: '-a, --attach <path>', help: 'help.create.attach', repeatable: true },
  cc: { flags: '--cc <email>', help: 'help.create.cc', repeatable: true },
  tag: { flags: '--tag <tag>', help: 'help.create.tag', repeatable: true },
  dedupeKey: { flags: '--dedupe-key <key>', help: 'help.create.dedupeKey' },
  dryRun: { flags: '--dry-run', help: 'help.create.dryRun' },
  yes: { flags: '-y, --yes', help: 'help.create.yes' },
  kb: { flags: '--no-kb', help: 'help.create.noKb' },
  diagnostics: { flags: '--no-diagnostics', help: 'help.create.noDiagnostics' },
} as const satisfies Record<string, CreateFlag>;

export type CreateFlagName = keyof typeof CREATE_FLAGS;

/**
 * Add create flags to `cmd`, in the order given (default: all, for `create` and `new`), each with
 * its help in the language of `t`; `help` gives another help key for a flag (ci-failure's wording).
 */
export function addCreateFlags(
  cmd: Command,
  t: Translate,
  names: readonly CreateFlagName[] = Object.keys(CREATE_FLAGS) as CreateFlagName[],
  help: Partial<Record<CreateFlagName, MessageKey>> = {},
): Command {
  for (const name of names) {
    const f: CreateFlag = CREATE_FLAGS[name];
    const text = t(help[name] ?? f.help);
    if (f.repeatable) cmd.option(f.flags, text, collect);
    else cmd.option(f.flags, text);
  }
  return cmd;
}
