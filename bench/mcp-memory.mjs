// RSS of one `ticket mcp` serving 10,000 tool calls (ticket_update status changes and ticket_show,
// local backend): growth after the first 1,000. Target: ≤ 20 MB.   CALLS=10000 node bench/mcp-memory.mjs
import { readFileSync } from 'node:fs';
import { freshHome, session } from './mcp-lib.mjs';

const CALLS = Number(process.env.CALLS ?? 10000);
const TICKETS = 20;
const home = freshHome(TICKETS);
const { client, pid } = await session(home);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
let at1000 = null;
const samples = [];
for (let i = 0; i < CALLS; i++) {
  const id = String((i % TICKETS) + 1);
  const r = i % 2
    ? await client.callTool({ name: 'ticket_show', arguments: { id } })
    : await client.callTool({ name: 'ticket_update', arguments: { id, status: Math.floor(i / TICKETS) % 2 ? 'open' : 'pending' } });
  if (r.isError) throw new Error(JSON.stringify(r.content));
  if (i + 1 === 1000) at1000 = rss();
  if ((i + 1) % 1000 === 0) samples.push(`${i + 1}: ${rss().toFixed(1)} MB`);
}
const end = rss();
await client.close();
console.log(samples.join('\n'));
console.log(`RSS after 1,000 calls ${at1000.toFixed(1)} MB, after ${CALLS} ${end.toFixed(1)} MB: growth ${(end - at1000).toFixed(1)} MB (target ≤ 20 MB)`);
