// What the current call is part of: which front end (CLI or MCP), which user operation, which run.
// The guard (permissions) and the journal read it, so one Backend serves concurrent MCP tool calls
// and each call is checked and recorded as itself.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

export interface Invocation {
  via: 'cli' | 'mcp';
  /** The user operation: a command name (update, close, bulk, ci-failure, outbox send, undo...) or an MCP tool's op. */
  op: string;
  /** One id per CLI invocation or MCP tool call; the journal groups its lines by it. */
  run: string;
  /** The journal entry or run being undone (undo only). */
  undoOf?: string;
  /**
   * Tickets read or written during this invocation (journal.ts): the state before a write is known
   * without another request when the operation has just read it. Dropped with the invocation.
   */
  seen?: Map<string, import('../model.js').Ticket>;
}

const als = new AsyncLocalStorage<Invocation>();

export function newRunId(now = new Date()): string {
  return `${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function currentInvocation(): Invocation | undefined {
  return als.getStore();
}

export function withInvocation<T>(inv: Invocation, fn: () => T): T {
  return als.run(inv, fn);
}

/** Enter an invocation for the rest of this async call chain (the CLI's one command). */
export function enterInvocation(inv: Invocation): void {
  als.enterWith(inv);
}
