#!/usr/bin/env node
// `ticket` against RT's own `rt` command-line client (rt5-clients), on the same RT 5 server, the
// same account (the non-admin customer) and the same data, in one run:
//   list    ticket list --query Q --limit 0       vs  rt ls Q
//   create  ticket create --category IT ...       vs  rt create -t ticket set queue=IT ...
//   bulk    ticket bulk --ids <100> --status solved vs rt edit ticket/<100 ids> set status=resolved
// Median of BENCH_RUNS (default 15, at least 10) runs each, after a warm-up that lets both clients
// log in and keep their session (ticket: state dir; rt: ~/.rt_sessions). Each bulk run starts from
// the same 100 open tickets (reset through REST, not measured). Uses hyperfine when installed
// (apt-get install hyperfine), else an interleaved Node harness (or with BENCH_TOOL=node).
//
//   scripts/rt/start.sh && npm run build && node bench/rt-vs-rt-cli.mjs
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, homes, restSession, rtCliEnv, rtEnv, seedTickets, ticketEnv } from './rt/setup.mjs';

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const WARMUP = 2;
const rt = rtEnv();
const h = homes();
const tEnv = ticketEnv(rt, h);
const rEnv = rtCliEnv(rt, h);
// BENCH_TOOL=node forces the interleaved harness (fairer when the machine's load drifts: hyperfine
// runs all of one command, then all of the other).
const hyperfine = process.env.BENCH_TOOL !== 'node' && spawnSync('hyperfine', ['--version']).status === 0;

function check(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function timeOnce(cmd, args, env) {
  const t = process.hrtime.bigint();
  check(cmd, args, env);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Interleaved runs: [name, cmd, args, env, prepare?]; returns medians in ms. */
async function nodeHarness(entries) {
  const samples = Object.fromEntries(entries.map((e) => [e[0], []]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [name, cmd, args, env, prepare] of entries) {
      if (prepare) await prepare();
      const ms = timeOnce(cmd, args, env);
      if (i >= WARMUP) samples[name].push(ms);
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(samples[name])]));
}

const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** hyperfine: each command with its own environment (env -i) and optional --prepare shell command. */
function hyperfineRun(entries, label) {
  const out = join(h.ticketHome, `hf-${label}.json`);
  const args = ['--runs', String(RUNS), '--warmup', String(WARMUP), '--export-json', out, '--style', 'basic'];
  for (const [name, cmd, cargs, env, , prepareShell] of entries) {
    const envs = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`).join(' ');
    if (prepareShell) args.push('--prepare', prepareShell);
    args.push('--command-name', name, `env -i ${envs} ${[cmd, ...cargs].map(shq).join(' ')}`);
  }
  const r = spawnSync('hyperfine', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('hyperfine failed');
  const res = JSON.parse(readFileSync(out, 'utf8')).results;
  return Object.fromEntries(res.map((x) => [x.command, x.median * 1000]));
}

async function bench(label, entries) {
  // hyperfine needs every prepare step as a shell command; entries without one use the harness too.
  const usable = hyperfine && entries.every((e) => !e[4] || e[5]);
  const res = usable ? hyperfineRun(entries, label) : await nodeHarness(entries);
  return { label, res, tool: usable ? 'hyperfine' : 'node harness' };
}

const results = [];
try {
  if (!existsSync(BIN)) throw new Error('Build first: npm run build');
  // Data: 100 open tickets in CONNECT (the list and bulk targets).
  const tag = `bench${Date.now().toString(36)}`;
  process.stderr.write(`seeding 100 tickets (${tag})…\n`);
  const ids = await seedTickets(rt, 'CONNECT', 100, tag);
  const query = `Queue = 'CONNECT' AND Subject LIKE '${tag}'`;
  // Warm-up: both clients log in once and keep their session.
  check('node', [BIN, 'list', '--limit', '1'], tEnv);
  check('rt', ['ls', query], rEnv);

  results.push(
    await bench('list', [
      ['ticket list', 'node', [BIN, 'list', '--query', query, '--limit', '0'], tEnv],
      ['rt ls', 'rt', ['ls', query], rEnv],
    ]),
  );

  results.push(
    await bench('create', [
      ['ticket create', 'node', [BIN, 'create', '--category', 'IT', '--subject', `${tag} créé par ticket`, '--body', 'Écran noir au démarrage.', '--yes'], tEnv],
      ['rt create', 'rt', ['create', '-t', 'ticket', 'set', 'queue=IT', `subject=${tag} créé par rt`, 'text=Écran noir au démarrage.'], rEnv],
    ]),
  );

  // Bulk: reset the 100 tickets to open before every run (as admin, one REST call, not measured).
  const admin = await restSession(rt.url, rt.adminUser, rt.adminPassword);
  const reset = () => admin.call('PUT', 'tickets/bulk', ids.map((id) => ({ id: Number(id), Status: 'open' })));
  const resetFile = join(h.ticketHome, 'reset.json');
  writeFileSync(resetFile, JSON.stringify(ids.map((id) => ({ id: Number(id), Status: 'open' }))));
  const resetShell = `curl -s -o /dev/null -u ${shq(`${rt.adminUser}:${rt.adminPassword}`)} -X PUT -H 'Content-Type: application/json' --data-binary @${shq(resetFile)} ${shq(`${rt.url}/REST/2.0/tickets/bulk`)}`;
  results.push(
    await bench('bulk', [
      ['ticket bulk (100)', 'node', [BIN, 'bulk', '--ids', ids.join(','), '--status', 'solved', '--yes'], tEnv, reset, resetShell],
      ['rt edit (100)', 'rt', ['edit', `ticket/${ids.join(',')}`, 'set', 'status=resolved'], rEnv, reset, resetShell],
    ]),
  );

  console.log(`\nticket vs rt on ${rt.url} (median of ${RUNS} runs)`);
  console.log('operation  ticket (ms)  rt (ms)  ratio  target ≤ 1.0×  tool');
  for (const { label, res, tool } of results) {
    const [t, r] = Object.values(res);
    console.log(`${label.padEnd(10)} ${t.toFixed(1).padStart(11)} ${r.toFixed(1).padStart(8)} ${(t / r).toFixed(2).padStart(6)}×  ${t <= r ? 'met' : 'MISSED'}          ${tool}`);
  }
} finally {
  h.cleanup();
}
