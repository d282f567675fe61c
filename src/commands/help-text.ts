// A block of text after a command's help: a translated title, then lines shown as they are
// (commands and paths, the same in every language).
export function helpBlock(title: string, lines: readonly string[], indent = '  '): string {
  return `\n${title}\n${lines.map((l) => indent + l).join('\n')}`;
}

/**
 * A default the code applies and the help text states in the user's language, recorded on the
 * option for `ticket schema` (commander's own default would print "(default: …)" in English).
 */
export function documentDefault<C extends { options: readonly { long?: string }[] }>(cmd: C, long: string, value: string | number | boolean): C {
  const opt = cmd.options.find((o) => o.long === long);
  if (opt) (opt as { documentedDefault?: unknown }).documentedDefault = value;
  return cmd;
}
