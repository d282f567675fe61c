// Every question `ticket` asks goes through this interface, so flows can be tested with a fake
// prompter that fails on any unexpected question. The inquirer implementation renders on stderr.

export interface Choice<T = string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(opts: {
    message: string;
    default?: string;
    required?: boolean;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  select<T = string>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T = string>(opts: {
    message: string;
    choices: Choice<T>[];
    defaults?: T[];
    validate?: (values: T[]) => true | string;
  }): Promise<T[]>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  /** Long text in $EDITOR (falls back to multi-line input when no editor is available). */
  editor(opts: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  /**
   * The same prompter whose questions are aborted when `signal` fires (the wizard's Ctrl-C /
   * SIGTERM / SIGHUP handling). Optional: fakes need not implement it.
   */
  withSignal?(signal: AbortSignal, opts?: { lang?: string }): Prompter;
}
