// 1,000 status changes through one `ticket mcp` session (ticket_update) against 1,000 `ticket update`
// processes, local backend, interleaved in blocks so machine noise hits both. Target: the MCP
// per-call median ≤ 5 % of the CLI's.   RUNS=1000 node bench/mcp-update.mjs
import { spawnSync } from 'node:child_process';
import { BIN, envFor, freshHome, median, p90, session } from './mcp-lib.mjs';

const RUNS = Number(process.env.RUNS ?? 1000);
const TICKETS = 20;
const home = freshHome(TICKETS);
const env = envFor(home);
const { client } = await session(home);
const statuses = ['open', 'pending'];
const mcp = [];
const cli = [];
const BLOCK = 50;
for (let done = 0; done < RUNS; done += BLOCK) {
  for (let i = done; i < Math.min(RUNS, done + BLOCK); i++) {
    const t0 = process.hrtime.bigint();
    const r = await client.callTool({ name: 'ticket_update', arguments: { id: String((i % TICKETS) + 1), status: statuses[Math.floor(i / TICKETS) % 2] } });
    mcp.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.isError) throw new Error(JSON.stringify(r.content));
  }
  for (let i = done; i < Math.min(RUNS, done + BLOCK); i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'update', String((i % TICKETS) + 1), '--status', statuses[(Math.floor(i / TICKETS) + 1) % 2]], { env, encoding: 'utf8' });
    cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(r.stderr);
  }
}
await client.close();
const m = median(mcp);
const c = median(cli);
console.log(`ticket_update via one MCP session: ${RUNS} calls, median ${m.toFixed(2)} ms, p90 ${p90(mcp).toFixed(2)} ms, total ${(mcp.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`);
console.log(`ticket update processes:           ${RUNS} runs,  median ${c.toFixed(1)} ms, p90 ${p90(cli).toFixed(1)} ms, total ${(cli.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`);
console.log(`MCP per-call median = ${((m / c) * 100).toFixed(2)} % of the CLI's (target ≤ 5 %)`);
