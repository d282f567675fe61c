// `ticket mcp` ready (initialize answered) against `ticket --version`, wall time from spawn, runs
// interleaved. Target: ≤ 1.5× `ticket --version`.   RUNS=30 node bench/mcp-ready.mjs
// Also the CPU time each process used until its first write to stdout (bench/cpu-at-first-write.mjs
// preloaded in a second, separate series): on a busy machine wall times swing, CPU time much less.
import { spawn, spawnSync } from 'node:child_process';
import { BIN, envFor, freshHome, median } from './mcp-lib.mjs';

const RUNS = Number(process.env.RUNS ?? 30);
const home = freshHome(0);
const env = envFor(home);
const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } }) + '\n';

const CPU_HOOK = new URL('./cpu-at-first-write.mjs', import.meta.url).href;
const cpuOf = (stderr) => Number(/cpu-ms (\S+)/.exec(String(stderr))?.[1]);

function ready(cpu = false) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(cpu ? ['--import', CPU_HOOK] : []), BIN, 'mcp'], { env, stdio: ['pipe', 'pipe', cpu ? 'pipe' : 'ignore'] });
    let err = '';
    if (cpu) child.stderr.on('data', (c) => (err += c));
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!JSON.parse(out.split('\n')[0]).result) reject(new Error(out));
        child.stdin.end();
        child.once('exit', () => resolve(cpu ? cpuOf(err) : ms));
      }
    });
    child.stdin.write(init);
  });
}
function version(cpu = false) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(cpu ? ['--import', CPU_HOOK] : []), BIN, '--version'], { env });
  if (r.status !== 0) throw new Error('--version failed');
  return cpu ? cpuOf(r.stderr) : Number(process.hrtime.bigint() - t0) / 1e6;
}

const a = [];
const b = [];
for (let i = 0; i < 2; i++) {
  await ready();
  version();
}
for (let i = 0; i < RUNS; i++) {
  a.push(await ready());
  b.push(version());
}
const ra = median(a);
const rb = median(b);
console.log(`ticket mcp, initialize answered: median ${ra.toFixed(1)} ms`);
console.log(`ticket --version:                median ${rb.toFixed(1)} ms`);
console.log(`ratio ${(ra / rb).toFixed(2)}× (target ≤ 1.5×)`);
const ca = [];
const cb = [];
for (let i = 0; i < RUNS; i++) {
  ca.push(await ready(true));
  cb.push(version(true));
}
console.log(`CPU until the first stdout write: mcp ${median(ca).toFixed(1)} ms, --version ${median(cb).toFixed(1)} ms, ratio ${(median(ca) / median(cb)).toFixed(2)}×`);
