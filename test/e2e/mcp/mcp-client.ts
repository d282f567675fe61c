// The SDK's own client driving the built `ticket mcp` over stdio.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN } from '../../helpers/bin.js';

export interface McpSession {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
  /** Call a tool; the parsed text content, and whether it is an error. */
  call(name: string, args?: Record<string, unknown>): Promise<{ isError: boolean; json: any; structured: any }>;
}

export async function startMcp(home: string, env: Record<string, string> = {}, args: string[] = []): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args, 'mcp'],
    env: { PATH: process.env.PATH ?? '', HOME: home, TICKET_HOME: home, LANG: 'C', ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const client = new Client({ name: 'ticket-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => err,
    close: () => client.close(),
    async call(name, a = {}) {
      // A backend that is away is retried by the HTTP client (up to its deadline) before the tool
      // answers `unavailable`: wait longer than the SDK's 60 s default.
      const r = await client.callTool({ name, arguments: a }, undefined, { timeout: 180_000 });
      const content = r.content as { type: string; text: string }[];
      return { isError: r.isError === true, json: JSON.parse(content[0]!.text), structured: r.structuredContent };
    },
  };
}

/** A resource's JSON text, parsed. */
export async function resourceJson(s: McpSession, uri: string): Promise<any> {
  const r = await s.client.readResource({ uri });
  const c = r.contents[0] as { text?: string };
  return JSON.parse(c.text ?? 'null');
}
