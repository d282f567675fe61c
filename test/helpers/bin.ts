import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/ticket.js', import.meta.url));

export interface BinResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the built binary (npm test builds first) with a clean environment: TICKET_HOME set, no CI
 * variables from the host, no colour. stdin is empty unless `input` is given.
 */
export async function ticket(
  args: string[],
  opts: { home: string; env?: Record<string, string | undefined>; input?: string; timeout?: number } & Partial<Options>,
): Promise<BinResult> {
  const { home, env, input, timeout, ...rest } = opts;
  const r = await execa('node', [BIN, ...args], {
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C', ...env },
    input: input ?? '',
    timeout: timeout ?? 30_000,
    ...rest,
  } as Options);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
