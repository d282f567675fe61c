import { ExitCode, TicketError, isTicketError } from '../errors.js';
import type { IOStreams } from '../io/streams.js';
import { neutralize, safeJson } from '../io/sanitize.js';
import { fsEnvironmentError } from '../store/atomic.js';

export interface ErrorSink {
  io: IOStreams;
  json: boolean;
  debug: boolean;
  color: boolean;
  /** Secret redaction of error text (messages may quote a server's answer or a command line). */
  scrub?: (text: string) => string;
}

/** Unknown failures (bugs, unexpected library errors) are exit 1, with the stack only under --debug. */
export function toTicketError(e: unknown): TicketError {
  if (isTicketError(e)) return e;
  const name = (e as Error)?.name;
  // @inquirer/prompts throws ExitPromptError on Ctrl-C / a closed terminal.
  if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') {
    return new TicketError('cancelled', ExitCode.cancelled, 'Cancelled.');
  }
  // A full disk, a read-only home, permissions: the environment, not a bug (exit 4, what to do).
  const fsErr = fsEnvironmentError(e);
  if (fsErr) return fsErr;
  const msg = e instanceof Error ? e.message : String(e);
  return new TicketError('internal', ExitCode.failure, `Unexpected error: ${msg}`, {
    hint: 'Run again with --debug for details, and report it if it persists.',
    cause: e,
  });
}

/** Print an error (text or, with --json, one JSON object) on stderr and return the exit code. */
export function reportError(sink: ErrorSink, e: unknown): number {
  const err = toTicketError(e);
  // Error text may quote a backend's answer: secrets redacted, control characters neutralised.
  const scrub = sink.scrub ?? ((t: string) => t);
  const clean = (t: string) => neutralize(scrub(t));
  if (sink.json) {
    const j = err.toJSON();
    const e2 = { ...j.error, message: scrub(String(j.error.message)), hint: j.error.hint ? scrub(String(j.error.hint)) : j.error.hint };
    sink.io.stderr.write(safeJson({ ...j, error: e2 }) + '\n');
  } else {
    const red = sink.color ? (s: string) => `\u001b[31m${s}\u001b[39m` : (s: string) => s;
    const dim = sink.color ? (s: string) => `\u001b[2m${s}\u001b[22m` : (s: string) => s;
    sink.io.stderr.write(`${red('error:')} ${clean(err.message)}\n`);
    if (err.hint) sink.io.stderr.write(`${dim('hint:')} ${clean(err.hint)}\n`);
  }
  if (sink.debug && err.code === 'internal') {
    const cause = (err.cause as Error | undefined) ?? err;
    sink.io.stderr.write(clean(String(cause?.stack ?? cause)) + '\n');
  }
  return err.exitCode;
}
