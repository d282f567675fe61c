import { input, select, checkbox, confirm, editor } from '@inquirer/prompts';
import type { IOStreams } from '../io/streams.js';
import type { Prompter } from './prompter.js';

/**
 * The real prompter: @inquirer/prompts bound to our streams, rendering on stderr so stdout stays
 * data. With a signal, every question is aborted when it fires (AbortPromptError).
 */
export function createInquirerPrompter(io: IOStreams, signal?: AbortSignal): Prompter {
  const ctx = { input: io.stdin, output: io.stderr, clearPromptOnDone: false, ...(signal ? { signal } : {}) } as never;
  return {
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
      select<T>({ message: o.message, choices: o.choices, default: o.default, pageSize: 12 }, ctx),
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
        },
        ctx,
      ),
    confirm: (o) => confirm({ message: o.message, default: o.default }, ctx),
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
    withSignal: (s) => createInquirerPrompter(io, s),
  };
}
