// `ticket mcp`: a Model Context Protocol server over stdio, for AI agents (docs/agents.md).
// One long-lived process serves one profile through one Backend (built, guarded and journaled like
// the CLI's, in src/cli/run.ts). Tools and their schemas come from src/schema/tools.ts; inputs are
// checked against those schemas, then go through the same parsers and operations as the CLI flags.
// Results are the contract's JSON shapes; a failure is a tool result with isError: true whose text is
// the contract's error object. Only protocol messages are written to stdout.

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import { TicketError, UsageError, NotFoundError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { toTicketError } from '../cli/handle-error.js';
import { VERSION } from '../version.js';
import type { ToolDef } from '../schema/tools.js';
import { newRunId, withInvocation } from '../backends/invocation.js';
import type { Handler, ToolOutput } from './tools.js';
import { loadSdk } from './sdk-load.js';

export interface McpServerOptions {
  /** Called once the transport is connected (tests, benchmarks). */
  onReady?: () => void;
}

/** A tool failure as the protocol carries it: the contract's error object, as text. */
export function toolError(e: unknown): CallToolResult {
  const err = e instanceof TicketError ? e : toTicketError(e);
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(err.toJSON()) }] };
}

function toolResult(out: ToolOutput): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(out.text !== undefined ? out.text : out.structured) }],
    structuredContent: out.structured,
  };
}

function listing(t: ToolDef) {
  return { name: t.name, title: t.annotations.title, description: t.description, inputSchema: t.input, outputSchema: t.output, annotations: t.annotations };
}

/**
 * What answers tools/list, tools/call and the resources: the tool definitions, their checker, the
 * handlers (and through them the parsers and operations). Loaded on the first such request, not
 * before `initialize` is answered.
 */
async function loadTools(ctx: Context, backend: () => Promise<Backend>) {
  const [{ TOOLS, toolByName }, { check }, { createHandlers }, { Policy }] = await Promise.all([
    import('../schema/tools.js'),
    import('../schema/validate.js'),
    import('./tools.js'),
    import('../backends/guard.js'),
  ]);
  const handlers: Record<string, Handler> = createHandlers(ctx, backend);
  return { TOOLS, toolByName, check, handlers, policy: new Policy(ctx.profile(), ctx.env.TICKET_ALLOW) };
}

export async function runMcpServer(ctx: Context, opts: McpServerOptions = {}): Promise<void> {
  const log = (line: string) => ctx.io.stderr.write(ctx.t('err.mcp.log', { line }) + '\n');
  // One Backend for the life of the process; ctx.backend() builds it again after a failed start.
  const backend = (): Promise<Backend> => ctx.backend();
  const profile = ctx.profile();
  let toolsLoaded: ReturnType<typeof loadTools> | undefined;
  const tools = () =>
    (toolsLoaded ??= loadTools(ctx, backend).catch((e: unknown) => {
      toolsLoaded = undefined; // not cached: the next request tries again
      throw e;
    }));
  const { Server, StdioServerTransport, CallToolRequestSchema, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } =
    await loadSdk(ctx.globals.debug ? log : undefined);

  const server = new Server(
    { name: 'ticket', title: 'ticket: support tickets', version: VERSION },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Support tickets of the configured profile. Results are the `ticket --json` shapes; a failure is isError with {"error":{code,message,hint,retryable}}. ' +
        'Write tools take dryRun. The allowed operations are in the resource ticket://profile/allowed-operations.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await tools()).TOOLS.map(listing) }));

  server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const { TOOLS, toolByName, check, handlers } = await tools();
    const tool = toolByName(req.params.name);
    if (!tool) {
      return toolError(new UsageError(msg('err.mcp.unknownTool', { name: req.params.name }), { hint: msg('err.mcp.tools.hint', { list: TOOLS.map((t) => t.name).join(', ') }) }));
    }
    const args = (req.params.arguments ?? {}) as Record<string, unknown>;
    const problem = check(tool.input, args);
    if (problem) {
      return toolError(new UsageError(msg('err.mcp.badInput', { tool: tool.name, problem: problem.message }), { hint: msg('err.mcp.badInput.hint'), data: { input: problem.path } }));
    }
    try {
      const out = await withInvocation({ via: 'mcp', op: tool.op ?? tool.name, run: newRunId(ctx.now()) }, () => handlers[tool.name]!(args));
      return toolResult(out);
    } catch (e) {
      const err = toTicketError(e);
      if (err.code === 'internal' && ctx.globals.debug) log(String((e as Error)?.stack ?? e));
      return toolError(err);
    }
  });

  const RESOURCES = [
    { uri: 'ticket://categories', name: 'categories', title: 'Categories', description: 'The categories of this profile\'s backend, with their fields', mimeType: 'application/json' },
    {
      uri: 'ticket://profile/allowed-operations',
      name: 'allowed-operations',
      title: 'Allowed operations',
      description: 'What this profile may do (allow, readOnly, TICKET_ALLOW)',
      mimeType: 'application/json',
    },
  ];
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: RESOURCES }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      { uriTemplate: 'ticket://categories/{id}', name: 'category', title: 'One category', description: 'One category with its field schema', mimeType: 'application/json' },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    const json = (value: unknown) => ({ contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }] });
    if (uri === 'ticket://profile/allowed-operations') {
      const { policy } = await tools();
      return json({
        profile: profile.profileName,
        backend: profile.backend,
        operations: policy.effective(),
        readOnly: policy.readOnly,
        allow: policy.profileAllow ?? ['*'],
        envAllow: policy.envAllow,
      });
    }
    const { handlers } = await tools();
    return withInvocation({ via: 'mcp', op: 'categories', run: newRunId(ctx.now()) }, async () => {
      if (uri === 'ticket://categories') return json((await handlers.categories_list!({})).structured.categories);
      const m = /^ticket:\/\/categories\/(.+)$/.exec(uri);
      if (m) return json((await handlers.category_show!({ id: decodeURIComponent(m[1]!) })).structured);
      // The protocol's own error for an unknown resource.
      throw new NotFoundError(msg('err.mcp.noResource', { uri }));
    });
  });

  const transport = new StdioServerTransport(ctx.io.stdin, ctx.io.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    ctx.io.stdin.once('end', () => resolve());
  });
  server.onerror = (e) => log(`protocol error: ${e.message}`);
  await server.connect(transport);
  opts.onReady?.();
  await closed;
  await server.close().catch(() => undefined);
}
