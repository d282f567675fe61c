// Small benchmark harness: runs commands alternately (so machine noise hits them equally) and
// reports median / p90 wall time and peak RSS of the child (from /proc via `/usr/bin/time` when
// available, otherwise process.resourceUsage of the spawnSync child).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export function measure(cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  let rssKb = null;
  if (TIME) {
    const lines = r.stderr.trim().split('\n');
    rssKb = Number(lines[lines.length - 1]);
  }
  return { ms, rssKb, stdout: r.stdout };
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), min: s[0], n: s.length };
}

/** Run each [name, cmd, args, opts] `runs` times, interleaved; print a table and return results. */
export function compare(entries, runs = 20, warmup = 2) {
  for (let i = 0; i < warmup; i++) for (const [, cmd, args, opts] of entries) measure(cmd, args, opts);
  const res = Object.fromEntries(entries.map(([name]) => [name, { ms: [], rss: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, cmd, args, opts] of entries) {
      const m = measure(cmd, args, opts);
      res[name].ms.push(m.ms);
      if (m.rssKb) res[name].rss.push(m.rssKb);
    }
  }
  const out = {};
  for (const [name] of entries) {
    const st = stats(res[name].ms);
    const rss = res[name].rss.length ? Math.max(...res[name].rss) / 1024 : null;
    out[name] = { ...st, peakRssMb: rss };
    console.log(`${name.padEnd(40)} median ${st.median.toFixed(1).padStart(7)} ms  p90 ${st.p90.toFixed(1).padStart(7)} ms  min ${st.min.toFixed(1).padStart(7)} ms${rss ? `  peak RSS ${rss.toFixed(0)} MB` : ''}`);
  }
  return out;
}
