import { english } from './i18n/english.js';
import { isMsg, msg, type Msg } from './i18n/msg.js';
import type { Translate } from './i18n/messages.js';

// Typed errors. Each carries the exit code and the JSON error code of the public contract
// (README, `ticket schema`); none prints anything.
// src/cli maps them to output and ends the process. A message or hint given as a catalogue `Msg`
// is said in the user's language on a terminal; `message`, `hint` and JSON keep the English text.

/** Error text: a catalogue message (preferred) or, for text that comes from elsewhere, a string. */
export type Text = string | Msg;

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  unavailable: 5,
  notApplied: 6,
  queued: 7,
  partial: 8,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage'
  | 'validation'
  | 'not_found'
  | 'auth'
  | 'permission'
  | 'config'
  | 'unavailable'
  | 'rate_limited'
  | 'conflict'
  | 'not-applied'
  | 'queued'
  | 'partial'
  | 'cancelled'
  | 'internal';

export interface ErrorDetails {
  hint?: Text | null;
  retryable?: boolean;
  /** Extra machine-readable data (field name, valid values, the queued outbox id...). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

export class TicketError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | null;
  readonly retryable: boolean;
  readonly data: Record<string, unknown> | undefined;
  /** The catalogue messages behind `message` and `hint`, when they came from the catalogue. */
  readonly msg: Msg | undefined;
  readonly hintMsg: Msg | undefined;

  constructor(code: ErrorCode, exitCode: number, message: Text, details: ErrorDetails = {}) {
    super(isMsg(message) ? english(message) : message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    const hint = details.hint ?? null;
    this.hint = isMsg(hint) ? english(hint) : hint;
    this.msg = isMsg(message) ? message : undefined;
    this.hintMsg = isMsg(hint) ? hint : undefined;
    this.retryable = details.retryable ?? false;
    this.data = details.data;
  }

  /** The message in the language of `t` (English text when it did not come from the catalogue). */
  say(t: Translate): { message: string; hint: string | null } {
    return { message: this.msg ? t(this.msg) : this.message, hint: this.hintMsg ? t(this.hintMsg) : this.hint };
  }

  toJSON(): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        hint: this.hint,
        retryable: this.retryable,
        ...(this.data ? { data: this.data } : {}),
      },
    };
  }
}

/** A bad flag or a missing input. Nothing was sent. */
export class UsageError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('usage', ExitCode.usage, message, details);
  }
}

/** A value that fails the category schema or a limit. Nothing was sent. */
export class ValidationError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('validation', ExitCode.usage, message, details);
  }
}

export class NotFoundError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('not_found', ExitCode.notFound, message, details);
  }
}

export class AuthError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('auth', ExitCode.auth, message, details);
  }
}

export class PermissionError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('permission', ExitCode.auth, message, details);
  }
}

export class ConfigError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('config', ExitCode.auth, message, details);
  }
}

/** Network failure, timeout, 5xx after retries. Nothing was done. */
export class UnavailableError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('unavailable', ExitCode.unavailable, message, { retryable: true, ...details });
  }
}

export class RateLimitedError extends TicketError {
  readonly retryAt: Date | null;
  constructor(message: Text, retryAt: Date | null, details: ErrorDetails = {}) {
    super('rate_limited', ExitCode.unavailable, message, { retryable: true, ...details });
    this.retryAt = retryAt;
  }
}

/** The backend refused because of a conflicting state (e.g. a closed Zendesk ticket). */
export class ConflictError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('conflict', ExitCode.failure, message, details);
  }
}

/**
 * The backend answered but did not do what was asked: a status it kept or mapped elsewhere, a
 * refused transition, a field or type it dropped, a solve the user may not do. `ticket` is the
 * ticket as it now is; the JSON error carries it beside `error`.
 */
export class NotAppliedError extends TicketError {
  readonly ticket: unknown;
  constructor(message: Text, ticket: unknown, details: ErrorDetails = {}) {
    super('not-applied', ExitCode.notApplied, message, details);
    this.ticket = ticket;
  }

  override toJSON(): { error: Record<string, unknown>; ticket?: unknown } {
    return { ...super.toJSON(), ...(this.ticket !== undefined ? { ticket: this.ticket } : {}) };
  }
}

/** Saved to the outbox; `ticket outbox send` delivers it later. */
export class QueuedError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('queued', ExitCode.queued, message, { retryable: true, ...details });
  }
}

/** Some items of a bulk operation failed; the per-item lines were already written. */
export class PartialError extends TicketError {
  constructor(message: Text, details: ErrorDetails = {}) {
    super('partial', ExitCode.partial, message, details);
  }
}

/** The user cancelled (Ctrl-C, SIGTERM); any draft is kept. */
export class CancelledError extends TicketError {
  constructor(message: Text = msg('err.cancelled'), details: ErrorDetails = {}) {
    super('cancelled', ExitCode.cancelled, message, details);
  }
}

export function isTicketError(e: unknown): e is TicketError {
  return e instanceof TicketError;
}
