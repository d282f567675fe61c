// Allowed operations per profile (docs/agents.md): `allow` and `readOnly` in the profile,
// narrowed (never widened) by TICKET_ALLOW. Enforced here, around the Backend, for every caller
// (CLI commands, MCP tools, outbox, undo) and before anything is sent: the first backend call of a
// refused operation throws PermissionError (exit 4, code `permission`) naming the setting.

import type { Backend } from './backend.js';
import type { TicketChanges } from '../model.js';
import { PermissionError, UsageError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { currentInvocation } from './invocation.js';

export const OPERATIONS = ['list', 'show', 'create', 'reply', 'update', 'close', 'reopen', 'bulk'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** `update:KEY` narrows update to these changes. */
export const UPDATE_KEYS = ['status', 'priority', 'fields', 'cc', 'tags', 'subject'] as const;
const WRITES: readonly string[] = ['create', 'reply', 'update', 'close', 'reopen', 'bulk'];

/** Every value `allow` accepts. */
export const ALLOW_VALUES: readonly string[] = ['*', ...OPERATIONS, ...UPDATE_KEYS.map((k) => `update:${k}`)];

/** Parse and check an allow list ("list,show,update:status" or "*"). */
export function parseAllow(value: string, setting = 'allow'): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const i of items) {
    if (!ALLOW_VALUES.includes(i)) {
      throw new UsageError(msg('err.allow.unknown', { setting, item: i }), { hint: msg('err.allow.unknown.hint', { list: ALLOW_VALUES.join(', ') }) });
    }
  }
  return [...new Set(items)];
}

/** CLI command names that are one of the operations (the others are checked per backend write). */
const COMMAND_OPS: Record<string, Operation> = {
  list: 'list',
  show: 'show',
  create: 'create',
  new: 'create',
  reply: 'reply',
  update: 'update',
  close: 'close',
  reopen: 'reopen',
  bulk: 'bulk',
};

export function operationOf(op: string | undefined): Operation | null {
  return op ? (COMMAND_OPS[op] ?? null) : null;
}

export interface PolicySource {
  allow?: string | null;
  readOnly?: boolean | null;
  profileName?: string | null;
}

export class Policy {
  readonly profileAllow: string[] | null;
  readonly envAllow: string[] | null;
  readonly readOnly: boolean;
  readonly profileName: string | null;

  constructor(src: PolicySource, envAllow: string | undefined) {
    this.profileAllow = src.allow ? parseAllow(src.allow) : null;
    this.envAllow = envAllow !== undefined && envAllow.trim() !== '' ? parseAllow(envAllow, 'TICKET_ALLOW') : null;
    this.readOnly = src.readOnly === true;
    this.profileName = src.profileName ?? null;
  }

  /** Everything allowed (no allow setting, no TICKET_ALLOW, not read-only)? */
  get open(): boolean {
    return !this.readOnly && this.profileAllow === null && this.envAllow === null;
  }

  private static has(list: string[] | null, perm: string): boolean {
    if (list === null || list.includes('*') || list.includes(perm)) return true;
    const [op, key] = perm.split(':');
    if (key !== undefined) return list.includes(op!);
    // "update" is asked at the start of an update: any update:KEY lets it go on to the precise check.
    return op === 'update' && list.some((x) => x.startsWith('update:'));
  }

  allows(perm: string): boolean {
    if (this.readOnly && WRITES.includes(perm.split(':')[0]!)) return false;
    return Policy.has(this.profileAllow, perm) && Policy.has(this.envAllow, perm);
  }

  /** The effective operations, for `ticket mcp`'s resource and `doctor`. */
  effective(): string[] {
    return ALLOW_VALUES.filter((p) => p !== '*' && this.allowsExactly(p));
  }

  private allowsExactly(perm: string): boolean {
    if (this.readOnly && WRITES.includes(perm.split(':')[0]!)) return false;
    const exact = (list: string[] | null) => list === null || list.includes('*') || list.includes(perm) || (perm.includes(':') && list.includes(perm.split(':')[0]!));
    return exact(this.profileAllow) && exact(this.envAllow);
  }

  check(perm: string): void {
    if (this.allows(perm)) return;
    const who = this.profileName ? msg('err.allow.profileNamed', { name: this.profileName }) : msg('err.allow.thisProfile');
    if (this.readOnly && WRITES.includes(perm.split(':')[0]!)) {
      throw new PermissionError(msg('err.allow.readOnly', { perm, who }), {
        hint: msg('err.allow.readOnly.hint', { profile: this.profileName ? ` --profile ${this.profileName}` : '' }),
        data: { operation: perm, setting: 'readOnly' },
      });
    }
    if (!Policy.has(this.profileAllow, perm)) {
      throw new PermissionError(msg('err.allow.notAllowed', { perm, who, allow: this.profileAllow!.join(',') }), {
        hint: msg('err.allow.notAllowed.hint', { allowed: this.profileAllow!.join(', ') }),
        data: { operation: perm, setting: 'allow', allow: this.profileAllow },
      });
    }
    throw new PermissionError(msg('err.allow.env', { perm, allow: this.envAllow!.join(',') }), {
      hint: msg('err.allow.env.hint'),
      data: { operation: perm, setting: 'TICKET_ALLOW', allow: this.envAllow },
    });
  }
}

function updatePerms(changes: TicketChanges): string[] {
  const out: string[] = [];
  if (changes.status !== undefined) out.push('update:status');
  if (changes.priority !== undefined) out.push('update:priority');
  if (changes.fields !== undefined) out.push('update:fields');
  if (changes.addCc !== undefined || changes.removeCc !== undefined) out.push('update:cc');
  if (changes.tags !== undefined) out.push('update:tags');
  if (changes.subject !== undefined) out.push('update:subject');
  return out.length ? out : ['update'];
}

/** Which backend writes each operation is made of (a close adds its comment with reply, ...). */
const COVERS: Record<Operation, readonly string[]> = {
  list: [],
  show: [],
  create: ['createTicket', 'reply'],
  reply: ['reply'],
  update: ['updateTicket', 'reply'],
  close: ['updateTicket', 'reply'],
  reopen: ['reopen', 'reply', 'updateTicket', 'createTicket'],
  bulk: ['bulkUpdate', 'updateTicket', 'reply'],
};

const METHOD_PERM: Record<string, string> = { createTicket: 'create', reply: 'reply', reopen: 'reopen', bulkUpdate: 'bulk' };
const WRITE_METHODS = ['createTicket', 'reply', 'updateTicket', 'reopen', 'bulkUpdate'];

/** Wrap a backend so that every call first checks the policy for the current invocation. */
export function withGuard(backend: Backend, policy: Policy): Backend {
  if (policy.open) return backend;
  const checkCall = (method: string, args: unknown[]) => {
    const op = operationOf(currentInvocation()?.op);
    // The operation itself, at its first backend call (reads included): refused before anything is sent.
    if (op) policy.check(op);
    if (!WRITE_METHODS.includes(method)) return;
    if (op && COVERS[op].includes(method)) {
      if (op === 'update' && method === 'updateTicket') for (const p of updatePerms(args[1] as TicketChanges)) policy.check(p);
      return;
    }
    // A write outside the operations (ci-failure, outbox send, undo...): checked as what it is.
    if (method === 'updateTicket') for (const p of updatePerms(args[1] as TicketChanges)) policy.check(p);
    else policy.check(METHOD_PERM[method]!);
  };
  return new Proxy(backend, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      const fn = v as (...a: unknown[]) => unknown;
      if (prop === 'close') return fn.bind(target);
      return (...args: unknown[]) => {
        checkCall(String(prop), args);
        return fn.apply(target, args);
      };
    },
  });
}
