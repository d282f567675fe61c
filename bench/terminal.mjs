// Issue 13 figures: (1) shell completion of ticket ids, wall time of `ticket __complete show ''`
// (target ≤ 150 ms); (2) `ticket list --limit 0` of 1,000 tickets rendered on a terminal (a tmux
// pane, 200×50, no pager) against the same list piped, timed by the same shell in the same pane
// (target: terminal ≤ 1.2× piped). Usage: node bench/terminal.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, compareCpu, generateRecords, preparePackage } from './local-lib.mjs';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] || 15);
const { tmp, lib, cleanup } = await preparePackage();
// The CLI as shipped (`npm run build`: the bundle, the root help and the completion tree).
if (!existsSync(join(ROOT, 'dist', 'completion-tree.json'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
// TICKET_BENCH_BIN: another build to measure (a copy of bin/ + dist/).
const bin = process.env.TICKET_BENCH_BIN ?? join(ROOT, 'bin', 'ticket.js');
try {
  const home = join(tmp, 'home');
  mkdirSync(home, { recursive: true });
  new lib.LocalStore(join(home, 'data', 'local')).bulkLoad(generateRecords(1000, 1));
  const env = { PATH: process.env.PATH, HOME: home, TICKET_HOME: home, LANG: 'C', NO_COLOR: '1' };
  // `list` remembers what it printed: the cache completion reads.
  execFileSync(process.execPath, [bin, 'list', '--limit', '0'], { env, stdio: 'ignore' });
  const n = execFileSync(process.execPath, [bin, '__complete', 'show', ''], { env, encoding: 'utf8' }).split('\n').filter(Boolean).length;
  console.log(`completion candidates for \`ticket show <Tab>\`: ${n}`);
  // Wall time and CPU time (user + sys): on a loaded machine the CPU time says what the command costs.
  const r = compareCpu(
    [
      ['node -e 0', process.execPath, ['-e', '0'], { env }],
      ["ticket __complete show ''", process.execPath, [bin, '__complete', 'show', ''], { env }],
      ["ticket __complete list --category ''", process.execPath, [bin, '__complete', 'list', '--category', ''], { env }],
      ['ticket __complete cl', process.execPath, [bin, '__complete', 'cl'], { env }],
    ],
    runs,
  );
  const ids = r["ticket __complete show ''"];
  const base = r['node -e 0'];
  console.log(
    `completion of ticket ids: median ${ids.wallMedian.toFixed(0)} ms wall, min ${ids.wallMin.toFixed(0)} ms, ${ids.cpuMedian.toFixed(0)} ms CPU ` +
      `(node -e 0: ${base.wallMedian.toFixed(0)} ms wall, ${base.cpuMedian.toFixed(0)} ms CPU); target ≤ 150 ms wall: ${ids.wallMedian <= 150 ? 'OK' : 'OVER'}`,
  );

  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('tmux not installed: terminal rendering not measured');
  } else {
    const out = join(tmp, 'times.txt');
    const script = join(tmp, 'loop.sh');
    const t = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} list --limit 0`;
    // CPU time of `ticket` itself (GNU time, when installed): what the command costs, apart from
    // the terminal emulator drawing its output (which the wall time on a busy machine mostly is).
    const gnuTime = existsSync('/usr/bin/time');
    const cpu = (kind) => (gnuTime ? `/usr/bin/time -a -o ${out} -f "cpu-${kind} %U %S" ` : '');
    writeFileSync(
      script,
      `for i in $(seq ${runs + 2}); do
  s=$(date +%s%N); ${cpu('tty')}${t} --no-pager; e=$(date +%s%N); echo "tty $(( (e-s)/1000 ))" >> ${out}
  s=$(date +%s%N); ${cpu('pipe')}${t} | cat > /dev/null; e=$(date +%s%N); echo "pipe $(( (e-s)/1000 ))" >> ${out}
done
echo DONE >> ${out}
sleep 60
`,
    );
    const sock = `ticket-bench-${process.pid}`;
    const envArgs = Object.entries({ ...env, TERM: 'xterm-256color' }).map(([k, v]) => `${k}=${v}`);
    execFileSync('tmux', ['-L', sock, '-f', '/dev/null', 'new-session', '-d', '-x', '200', '-y', '50', 'env', '-i', ...envArgs, 'bash', '--norc', script]);
    try {
      const deadline = Date.now() + 600_000;
      while (!(existsSync(out) && readFileSync(out, 'utf8').includes('DONE'))) {
        if (Date.now() > deadline) throw new Error('tmux loop timed out');
        await new Promise((res) => setTimeout(res, 200));
      }
    } finally {
      spawnSync('tmux', ['-L', sock, 'kill-server']);
    }
    const rows = readFileSync(out, 'utf8').trim().split('\n').filter((l) => l !== 'DONE').map((l) => l.split(' '));
    const med = (k) => {
      const v = rows.filter((x) => x[0] === k).slice(2).map((x) => Number(x[1]) / 1000).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const tty = med('tty');
    const pipe = med('pipe');
    console.log(`list of 1,000 tickets: terminal (tmux 200×50) median ${tty.toFixed(0)} ms, piped ${pipe.toFixed(0)} ms: ${(tty / pipe).toFixed(2)}× (target ≤ 1.2×)`);
    const cpuMed = (k) => {
      const v = rows.filter((x) => x[0] === k).slice(2).map((x) => (Number(x[1]) + Number(x[2])) * 1000).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    if (gnuTime) {
      const ct = cpuMed('cpu-tty');
      const cp = cpuMed('cpu-pipe');
      console.log(`  CPU of ticket itself: terminal median ${ct.toFixed(0)} ms, piped ${cp.toFixed(0)} ms: ${(ct / cp).toFixed(2)}× (10 ms resolution)`);
    }
  }
} finally {
  cleanup();
}
