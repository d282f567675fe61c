import type { Command } from 'commander';
import { collect } from '../shared/options.js';
import type { WizardFlags } from '../../wizard/core.js';

// The flags `create` and `new` share, declared once (both register them; the wizard takes them as
// answers given in advance).

export type CreateFlags = WizardFlags;

/** The flags `create` and `new` share. */
export function addCreateFlags(cmd: Command): Command {
  return cmd
    .option('-c, --category <category>', 'category (see `ticket categories`)')
    .option('-s, --subject <text>', 'short summary (the backend limits its length)')
    .option('-b, --body <text>', 'description')
    .option('-F, --body-file <file>', 'read the description from a file (- = standard input)')
    .option('-p, --priority <priority>', 'low | normal | high | urgent (default normal)')
    .option('-t, --type <type>', 'incident | question | feature')
    .option('-f, --field <key=value>', "a field of the category, by key or label (repeatable)", collect)
    .option('-a, --attach <path>', 'attach a file (repeatable)', collect)
    .option('--cc <email>', 'copy someone (repeatable)', collect)
    .option('--tag <tag>', 'add a tag (repeatable)', collect)
    .option('--dedupe-key <key>', 'if an open ticket has this key, add the body to it as a reply instead')
    .option('--dry-run', 'validate and print what would be sent; nothing is written')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-kb', 'skip the knowledge-base search (wizard)')
    .option('--no-diagnostics', 'skip the diagnostics (wizard)');
}
