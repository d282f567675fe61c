import { input, select, checkbox, confirm, editor } from '@inquirer/prompts';
import type { IOStreams } from '../io/streams.js';
import type { Prompter } from './prompter.js';
import { fold } from '../i18n/fold.js';

export interface InquirerOptions {
  /** Abort every open question when it fires (AbortPromptError). */
  signal?: AbortSignal;
  /** Language of the key hints and of yes/no answers (en, fr, ro). */
  lang?: string;
}

const KEY_WORDS: Record<string, Record<string, string>> = {
  fr: { navigate: 'naviguer', select: 'choisir', submit: 'valider', all: 'tout', invert: 'inverser' },
  ro: { navigate: 'navigare', select: 'alege', submit: 'trimite', all: 'tot', invert: 'inverseaza' },
};
const YES_NO: Record<string, [string, string]> = { fr: ['Oui', 'Non'], ro: ['Da', 'Nu'] };

/**
 * Typing in a select jumps to the first choice whose name starts with the typed text; inquirer
 * compares `name.toLowerCase().startsWith(typed)`. A name that folds both sides (fold(): case,
 * accents, Romanian ș ş ț ţ ă â î) lets "comanda" find "Comandă de atelier". Shown as itself.
 */
class FoldedName extends String {
  override toLowerCase(): string {
    return new FoldedPrefix(fold(this.valueOf())) as unknown as string;
  }
}
class FoldedPrefix extends String {
  override startsWith(typed: string, position?: number): boolean {
    return this.valueOf().startsWith(fold(typed), position);
  }
}
function searchable<T>(c: { value: T; name: string; description?: string }): { value: T; name: string; short: string; description?: string } {
  return { ...c, name: new FoldedName(c.name) as unknown as string, short: c.name };
}

/**
 * The real prompter: @inquirer/prompts bound to our streams, rendering on stderr so stdout stays
 * data. With a signal, every question is aborted when it fires.
 */
export function createInquirerPrompter(io: IOStreams, opts: InquirerOptions = {}): Prompter {
  const ctx = { input: io.stdin, output: io.stderr, clearPromptOnDone: false, ...(opts.signal ? { signal: opts.signal } : {}) } as never;
  const words = opts.lang ? KEY_WORDS[opts.lang] : undefined;
  // Same look as inquirer's own hint line, with the action words translated.
  const theme = words
    ? {
        style: {
          keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${words[action] ?? action}`).join(' • '),
        },
      }
    : undefined;
  const yesNo = opts.lang ? YES_NO[opts.lang] : undefined;
  const self: Prompter = {
    input: (o) =>
      input(
        {
          message: o.message,
          default: o.default,
          required: o.required,
          validate: o.validate ? (v: string) => o.validate!(v) : undefined,
        },
        ctx,
      ),
    select: <T>(o: { message: string; choices: { value: T; name: string; description?: string }[]; default?: T }) =>
      select<T>({ message: o.message, choices: o.choices.map(searchable), default: o.default, pageSize: 12, ...(theme ? { theme } : {}) }, ctx),
    checkbox: <T>(o: {
      message: string;
      choices: { value: T; name: string; description?: string }[];
      defaults?: T[];
      validate?: (values: T[]) => true | string;
    }) =>
      checkbox<T>(
        {
          message: o.message,
          choices: o.choices.map((c) => ({ ...c, checked: o.defaults?.includes(c.value) ?? false })),
          validate: o.validate
            ? (items: readonly { value: T }[]) => o.validate!(items.map((i) => i.value))
            : undefined,
          ...(theme ? { theme } : {}),
        },
        ctx,
      ),
    // inquirer's confirm only understands y/yes: in French and Romanian ("o", "da") it is a choice.
    confirm: (o) =>
      yesNo
        ? select<boolean>(
            {
              message: o.message,
              choices: [
                { value: true, name: yesNo[0] },
                { value: false, name: yesNo[1] },
              ],
              default: o.default ?? false,
              ...(theme ? { theme } : {}),
            },
            ctx,
          )
        : confirm({ message: o.message, default: o.default }, ctx),
    editor: (o) =>
      editor(
        {
          message: o.message,
          default: o.default,
          validate: o.validate ? (v: string) => o.validate!(v) : undefined,
          // The user already asked for the editor (":e", or "edit in $EDITOR"): open it at once.
          waitForUserInput: false,
          postfix: '.md',
        },
        ctx,
      ),
    withSignal: (signal, more) => createInquirerPrompter(io, { ...opts, ...more, signal }),
  };
  return self;
}
