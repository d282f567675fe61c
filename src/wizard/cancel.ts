import { CancelledError } from '../errors.js';
import type { Prompter } from '../prompts/prompter.js';

// Ctrl-C at a prompt (inquirer's ExitPromptError), SIGINT outside a prompt, SIGTERM and SIGHUP all
// become one cancellation: the current prompt is aborted, the flow throws CancelledError, and the
// normal error path prints the resume command and exits 130 (only src/cli ends the process).

export type SignalSource = { on(ev: string, fn: (...a: unknown[]) => void): unknown; off(ev: string, fn: (...a: unknown[]) => void): unknown };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class Cancellation {
  readonly controller = new AbortController();
  signalName: string | null = null;
  private readonly rejected: Promise<never>;
  private reject!: (e: unknown) => void;
  private readonly handlers: [string, () => void][] = [];

  constructor(private readonly source?: SignalSource) {
    this.rejected = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    this.rejected.catch(() => undefined);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  /** Listen for SIGINT/SIGTERM/SIGHUP while the wizard runs. */
  install(): this {
    if (!this.source) return this;
    for (const sig of SIGNALS) {
      const fn = () => this.cancel(sig);
      this.source.on(sig, fn);
      this.handlers.push([sig, fn]);
    }
    return this;
  }

  dispose(): void {
    for (const [sig, fn] of this.handlers) this.source?.off(sig, fn);
    this.handlers.length = 0;
  }

  cancel(reason: string): void {
    if (this.cancelled) return;
    this.signalName = reason;
    this.controller.abort(new CancelledError());
    this.reject(new CancelledError());
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new CancelledError();
  }

  /** Settle with `p`, or reject with CancelledError as soon as the user cancels. */
  race<T>(p: Promise<T>): Promise<T> {
    this.throwIfCancelled();
    return Promise.race([p, this.rejected]);
  }
}

/** Is this error the user stopping (Ctrl-C, closed terminal, a signal)? */
export function isCancellation(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  const name = (e as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError' || name === 'AbortError';
}

/** A prompter whose questions stop when the cancellation fires. */
export function guardPrompter(p: Prompter, c: Cancellation, lang?: string): Prompter {
  const inner = p.withSignal ? p.withSignal(c.signal, { lang }) : p;
  return {
    input: (o) => c.race(inner.input(o)),
    select: (o) => c.race(inner.select(o)),
    checkbox: (o) => c.race(inner.checkbox(o)),
    confirm: (o) => c.race(inner.confirm(o)),
    editor: (o) => c.race(inner.editor(o)),
  };
}
