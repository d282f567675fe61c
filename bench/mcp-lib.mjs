// Shared by the MCP benchmarks: a fresh TICKET_HOME with N local tickets, and an SDK client session
// on the built `ticket mcp`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

// TICKET_BENCH_BIN: another build to measure (a copy of bin/ + dist/, so a rebuild cannot disturb a run).
export const BIN = process.env.TICKET_BENCH_BIN ?? fileURLToPath(new URL('../bin/ticket.js', import.meta.url));

export function envFor(home) {
  return { PATH: process.env.PATH ?? '', HOME: home, TICKET_HOME: home, LANG: 'C' };
}

export function freshHome(tickets = 0) {
  const home = mkdtempSync(join(tmpdir(), 'ticket-mcp-bench-'));
  for (let i = 0; i < tickets; i++) {
    const r = spawnSync(process.execPath, [BIN, 'create', '-c', 'IT', '-s', `bench ${i}`, '-b', 'x'], { env: envFor(home), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return home;
}

export async function session(home) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: envFor(home), stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
export function p90(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))];
}
