import type { Readable, Writable } from 'node:stream';

export interface OutStream extends Writable {
  isTTY?: boolean;
  columns?: number;
}
export interface InStream extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** The process's three streams, injected so commands can run in-process under test. */
export interface IOStreams {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
}

export function isTTY(s: { isTTY?: boolean }): boolean {
  return s.isTTY === true;
}

/** Read all of stdin (for `--body-file -` and bulk input) as UTF-8. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
