import type { Translate } from '../i18n/messages.js';

// commander's own words (help titles, the "(default: …)" notes, its parse errors) in the user's
// language. English is left to commander itself, byte for byte; these apply to fr and ro only.

/** Help section titles commander passes to styleTitle(). */
export function helpTitle(t: Translate, title: string): string {
  switch (title) {
    case 'Usage:':
      return t('adm.help.usage');
    case 'Options:':
      return t('adm.help.options');
    case 'Commands:':
      return t('adm.help.commands');
    case 'Arguments:':
      return t('adm.help.arguments');
    case 'Global Options:':
      return t('adm.help.globalOptions');
    default:
      return title;
  }
}

/** The "(default: …)" / "(choices: …)" notes commander appends to an option or argument description. */
export function helpNotes(t: Translate, description: string): string {
  return description.replace(/\((choices|default|env|preset): /g, (_all, w: string) =>
    `(${w === 'choices' ? t('adm.help.choices') : w === 'default' ? t('adm.help.default') : `${w}:`} `,
  );
}

const PATTERNS: [RegExp, (t: Translate, m: RegExpMatchArray) => string][] = [
  [/^unknown option '(.*)'$/, (t, m) => t('adm.cli.unknownOption', { option: m[1]! })],
  [/^unknown command '(.*)'$/, (t, m) => t('adm.cli.unknownCommand', { command: m[1]! })],
  [/^missing required argument '(.*)'$/, (t, m) => t('adm.cli.missingArgument', { name: m[1]! })],
  [/^option '(.*)' argument missing$/, (t, m) => t('adm.cli.optionArgument', { option: m[1]! })],
  [/^required option '(.*)' not specified$/, (t, m) => t('adm.cli.requiredOption', { option: m[1]! })],
  [
    /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (t, m) => t(m[1] ? 'adm.cli.tooManyFor' : 'adm.cli.tooMany', { command: m[1] ?? '', expected: m[2]!, got: m[3]! }),
  ],
  [/^option '(.*)' argument '(.*)' is invalid\. (.*)$/, (t, m) => t('adm.cli.invalidOption', { option: m[1]!, value: m[2]!, reason: reason(t, m[3]!) })],
  [
    /^command-argument value '(.*)' is invalid for argument '(.*)'\. (.*)$/,
    (t, m) => t('adm.cli.invalidArgument', { name: m[2]!, value: m[1]!, reason: reason(t, m[3]!) }),
  ],
  [/^(.*) cannot be used with (.*)$/, (t, m) => t('adm.cli.conflict', { a: m[1]!, b: m[2]! })],
];

function reason(t: Translate, text: string): string {
  const choices = /^Allowed choices are (.*)\.$/.exec(text);
  return choices ? t('adm.cli.choices', { choices: choices[1]! }) : text;
}

/**
 * One of commander's error messages ("error: unknown option '--jsn'\n(Did you mean --json?)")
 * said with `t`; a message it does not know is returned as it came.
 */
export function commanderError(t: Translate, text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const first = /^error: (.*)$/.exec(lines[0] ?? '');
  if (!first) return text;
  let said: string | undefined;
  for (const [re, say] of PATTERNS) {
    const m = re.exec(first[1]!);
    if (m) {
      said = say(t, m);
      break;
    }
  }
  if (said === undefined) return text;
  const out = [`${t('err.label')} ${said}`];
  for (const l of lines.slice(1)) {
    const one = /^\(Did you mean (.*)\?\)$/.exec(l);
    const many = /^\(Did you mean one of (.*)\?\)$/.exec(l);
    if (many) out.push(t('adm.cli.didYouMeanOneOf', { suggestions: many[1]! }));
    else if (one) out.push(t('adm.cli.didYouMean', { suggestion: one[1]! }));
    else out.push(l);
  }
  return out.join('\n') + '\n';
}
