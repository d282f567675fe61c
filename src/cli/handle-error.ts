import { ExitCode, TicketError, isTicketError } from '../errors.js';
import type { Translate } from '../i18n/messages.js';
import { english } from '../i18n/english.js';
import { msg } from '../i18n/msg.js';
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
  /** The user's language for text output; JSON stays English. */
  t?: Translate;
}

/** Unknown failures (bugs, unexpected library errors) are exit 1, with the stack only under --debug. */
export function toTicketError(e: unknown): TicketError {
  if (isTicketError(e)) return e;
  const name = (e as Error)?.name;
  // @inquirer/prompts throws ExitPromptError on Ctrl-C / a closed terminal.
  if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') {
    return new TicketError('cancelled', ExitCode.cancelled, msg('err.cancelled'));
  }
  // A full disk, a read-only home, permissions: the environment, not a bug (exit 4, what to do).
  const fsErr = fsEnvironmentError(e);
  if (fsErr) return fsErr;
  const message = e instanceof Error ? e.message : String(e);
  return new TicketError('internal', ExitCode.failure, msg('err.internal', { message }), {
    hint: msg('err.internal.hint'),
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
    const said = sink.t ? err.say(sink.t) : { message: err.message, hint: err.hint };
    const say = sink.t ?? english;
    const label = { error: say(msg('err.label')), hint: say(msg('err.hint.label')) };
    // Cancelling is not an error: said plainly, without "error:" (the exit code stays 130).
    if (err.code === 'cancelled') sink.io.stderr.write(`${clean(said.message)}\n`);
    else sink.io.stderr.write(`${red(label.error)} ${clean(said.message)}\n`);
    if (said.hint) sink.io.stderr.write(`${dim(label.hint)} ${clean(said.hint)}\n`);
  }
  if (sink.debug && err.code === 'internal') {
    const cause = (err.cause as Error | undefined) ?? err;
    sink.io.stderr.write(clean(String(cause?.stack ?? cause)) + '\n');
  }
  return err.exitCode;
}
