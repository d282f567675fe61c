// Before the SDK builds its schemas (zod reads this when a schema is made): no code generation.
// zod would otherwise compile a parser with `new Function` for every object schema on its first
// use, which is most of the time `ticket mcp` spends answering its first messages; the server
// parses a few small messages per call, for which the plain parser is plenty.
import { config } from 'zod/v4/core';

config({ jitless: true });
