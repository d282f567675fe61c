import type { Command } from 'commander';

// The command tree as plain data, for completion. `npm run build` writes it next to the bundle
// (dist/completion-tree.json, like the root help) so that Tab does not pay for building the
// commander program; test/unit/cli/help.test.ts checks it is current.

export interface OptNode {
  long?: string;
  short?: string;
  /** commander's attribute name (category, field...). */
  name: string;
  description: string;
  value: boolean;
  choices?: string[];
}

export interface CmdNode {
  /** The root only: the description of --help (every command has it), in the tree's language. */
  help?: string;
  name: string;
  aliases: string[];
  description: string;
  options: OptNode[];
  args: string[];
  commands: CmdNode[];
}

export function commandTree(cmd: Command): CmdNode {
  const help = cmd.createHelp().visibleOptions(cmd).find((o) => o.long === '--help')?.description;
  return { ...(help ? { help } : {}), ...node(cmd) };
}

function node(cmd: Command): CmdNode {
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.description(),
    options: cmd.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        long: o.long,
        short: o.short,
        name: o.attributeName(),
        description: o.description,
        value: Boolean(o.required || o.optional),
        ...(o.argChoices ? { choices: o.argChoices } : {}),
      })),
    args: cmd.registeredArguments.map((a) => a.name()),
    commands: cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map(node),
  };
}
