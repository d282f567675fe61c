// A Prompter for flow tests: answers by message, fails the test on any question it was not told
// about, re-asks when an answer fails the prompt's validation (recording the message shown), and
// reports the answers that were never used.
import type { Choice, Prompter } from '../../src/prompts/prompter.js';

export type Answer = string | boolean | string[] | { throw: Error } | { hang: () => void } | typeof ENTER;

/** Just Enter, as on a terminal: a select takes its highlighted choice (the default, else the first). */
export const ENTER = { enter: true } as const;
const isEnter = (a: Answer): a is typeof ENTER => typeof a === 'object' && a !== null && 'enter' in a;
export type Rule = [match: string | RegExp, answer: Answer];

export interface Asked {
  kind: 'input' | 'select' | 'checkbox' | 'confirm' | 'editor';
  message: string;
  choices?: string[];
  default?: unknown;
}

export class UnexpectedQuestion extends Error {
  override name = 'UnexpectedQuestion';
}

export class FakePrompter implements Prompter {
  readonly asked: Asked[] = [];
  /** Validation messages shown, in order. */
  readonly rejected: string[] = [];
  private readonly rules: { match: string | RegExp; answer: Answer; used: boolean }[];

  constructor(rules: Rule[]) {
    this.rules = rules.map(([match, answer]) => ({ match, answer, used: false }));
  }

  unused(): string[] {
    return this.rules.filter((r) => !r.used).map((r) => String(r.match));
  }

  messages(): string[] {
    return this.asked.map((a) => a.message);
  }

  private take(q: Asked): Answer {
    this.asked.push(q);
    const r = this.rules.find((x) => !x.used && (typeof x.match === 'string' ? q.message.includes(x.match) : x.match.test(q.message)));
    if (!r) throw new UnexpectedQuestion(`Unexpected ${q.kind} question: "${q.message}"`);
    r.used = true;
    const a = r.answer;
    if (a && typeof a === 'object' && 'throw' in a) throw a.throw;
    return a;
  }

  private async ask<T>(q: Asked, validate: ((v: T) => true | string) | undefined, coerce: (a: Answer) => T): Promise<T> {
    for (;;) {
      const a = this.take(q);
      if (a && typeof a === 'object' && 'hang' in a) {
        a.hang();
        return new Promise<T>(() => undefined);
      }
      const v = coerce(a);
      const ok = validate ? validate(v) : true;
      if (ok === true) return v;
      this.rejected.push(ok);
    }
  }

  input(o: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string> {
    return this.ask<string>({ kind: 'input', message: o.message, default: o.default }, o.validate, (a) => {
      if (isEnter(a)) return o.default ?? '';
      if (typeof a !== 'string') throw new UnexpectedQuestion(`input "${o.message}" needs a string answer`);
      return a === '' && o.default !== undefined ? o.default : a;
    });
  }

  editor(o: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string> {
    return this.ask<string>({ kind: 'editor', message: o.message, default: o.default }, o.validate, (a) => {
      if (typeof a !== 'string') throw new UnexpectedQuestion(`editor "${o.message}" needs a string answer`);
      return a;
    });
  }

  select<T = string>(o: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    const names = o.choices.map((c) => String(c.value));
    return this.ask<T>({ kind: 'select', message: o.message, choices: names, default: o.default }, undefined, (a) => {
      if (isEnter(a)) return (o.choices.find((x) => o.default !== undefined && x.value === o.default) ?? o.choices[0]!).value;
      const c = o.choices.find((x) => String(x.value) === a) ?? o.choices.find((x) => typeof a === 'string' && x.name.includes(a));
      if (!c) throw new UnexpectedQuestion(`select "${o.message}": "${String(a)}" is not a choice (${names.join(' | ')})`);
      return c.value;
    });
  }

  checkbox<T = string>(o: { message: string; choices: Choice<T>[]; defaults?: T[]; validate?: (v: T[]) => true | string }): Promise<T[]> {
    return this.ask<T[]>({ kind: 'checkbox', message: o.message, choices: o.choices.map((c) => String(c.value)) }, o.validate, (a) => {
      const list = Array.isArray(a) ? a : [String(a)];
      return list.map((v) => {
        const c = o.choices.find((x) => String(x.value) === v);
        if (!c) throw new UnexpectedQuestion(`checkbox "${o.message}": "${v}" is not a choice`);
        return c.value;
      });
    });
  }

  confirm(o: { message: string; default?: boolean }): Promise<boolean> {
    return this.ask<boolean>({ kind: 'confirm', message: o.message, default: o.default }, undefined, (a) => {
      if (isEnter(a)) return o.default ?? false;
      if (typeof a !== 'boolean') throw new UnexpectedQuestion(`confirm "${o.message}" needs a boolean answer`);
      return a;
    });
  }
}

/** What inquirer throws on Ctrl-C. */
export function ctrlC(): { throw: Error } {
  const e = new Error('User force closed the prompt with SIGINT');
  e.name = 'ExitPromptError';
  return { throw: e };
}
