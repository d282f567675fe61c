// A block of text after a command's help: a translated title, then lines shown as they are
// (commands and paths, the same in every language).
export function helpBlock(title: string, lines: readonly string[], indent = '  '): string {
  return `\n${title}\n${lines.map((l) => indent + l).join('\n')}`;
}
