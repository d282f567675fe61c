// The part of the official MCP SDK that `ticket mcp` uses, in one module: scripts/build.mjs bundles
// it (with its zod) into dist/mcp-sdk.cjs, which sdk-load.ts runs with a V8 code cache.
import './zod-jitless.js';
export { Server } from '@modelcontextprotocol/sdk/server/index.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
