import { createHash } from 'node:crypto';

// A failure's identity: the same failure in another run (other timestamps, temp dirs, ports, ids)
// gets the same fingerprint; a different repository, workflow, job or error gets another one.

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)/g;
const ERROR_LINE =
  /(\berror\b|\berr!|\bexception\b|\bfatal\b|\bfailed\b|\bfailure\b|\bpanic(?:ked)?\b|traceback|assertion|\bFAIL\b|✗|✖|segmentation fault|exit (?:code|status) [1-9])/i;
const NOISE = /^(##\[(?:group|endgroup)|::(?:group|endgroup)|\s*$)/;

/** The first line that looks like an error; else the last non-empty line; else ''. */
export function firstErrorLine(log: string): string {
  const lines = log.replace(ANSI, '').split(/\r?\n/);
  for (const l of lines) if (!NOISE.test(l) && ERROR_LINE.test(l) && !/\[REDACTED:[a-z-]+\]\s*$/.test(l.trim()) ) return l.trim();
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() && !NOISE.test(lines[i]!)) return lines[i]!.trim();
  return '';
}

/** Remove what changes from run to run: timestamps, durations, ids, hex, paths, numbers. */
export function normalizeLine(line: string): string {
  // The start of the line identifies the error; a bounded length keeps every pattern cheap.
  return (
    line
      .slice(0, 500)
      .replace(ANSI, '')
      // CI timestamps prefixes and ISO / clock times
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>')
      .replace(/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<ts>')
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
      // URLs and paths (POSIX and Windows), with their line:col
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>)]+/gi, '<url>')
      .replace(/(?:[A-Za-z]:\\|\\\\)[^\s'"<>:]+/g, '<path>')
      .replace(/(?:~|\.{1,2})?(?:\/[^\s/'"<>:()]+)+\/?/g, '<path>')
      .replace(/\b(?:[\w.-]+\/)+[\w.-]+\.[a-z]{1,5}\b/gi, '<path>')
      .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
      .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>')
      .replace(/\d+(?:\.\d+)?/g, '<n>')
      .replace(/(?:<n>[:.,]?)+<n>/g, '<n>')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export interface FingerprintInput {
  repository: string | null;
  workflow: string | null;
  job: string | null;
  /** The normalised first error line. */
  signature: string;
}

/** `ci-` + 32 hex characters of sha256 over the stable parts. */
export function fingerprint(input: FingerprintInput): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(['v1', input.repository ?? '', input.workflow ?? '', input.job ?? '', input.signature]));
  return 'ci-' + h.digest('hex').slice(0, 32);
}

/**
 * A deterministic idempotency key for the create of this failure: concurrent runs that see the same
 * state (no ticket yet, or the same previous ticket) send the same key, so a backend with server-side
 * idempotency collapses them into one ticket. Formatted as a UUID (version 5 style).
 */
export function idempotencyKeyFor(fp: string, previousTicketId: string | null): string {
  const b = createHash('sha256').update(`ticket-ci:${fp}:${previousTicketId ?? 'first'}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
