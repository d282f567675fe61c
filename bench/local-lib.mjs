// Shared helpers of the local-backend and KB benchmarks: build the current sources into a private
// package copy (so benches never touch the shared dist/), load the store code, and generate data.
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A throw-away package: <tmp>/pkg/{bin/ticket.js, dist/, package.json, assets → ROOT/assets,
 * node_modules → ROOT/node_modules}, plus <tmp>/lib.mjs exporting the local store internals.
 */
export async function preparePackage() {
  const tmp = mkdtempSync(join(tmpdir(), 'ticket-bench-'));
  const pkg = join(tmp, 'pkg');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  await build({
    entryPoints: { cli: join(ROOT, 'src/cli/main.ts') },
    outdir: join(pkg, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'error',
  });
  cpSync(join(ROOT, 'bin/ticket.js'), join(pkg, 'bin/ticket.js'));
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  symlinkSync(join(ROOT, 'assets'), join(pkg, 'assets'));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  const libEntry = join(tmp, 'lib-entry.ts');
  writeFileSync(
    libEntry,
    [
      `export { LocalStore, summaryOf } from ${JSON.stringify(join(ROOT, 'src/backends/local/store.ts'))};`,
      `export { createLocalBackend } from ${JSON.stringify(join(ROOT, 'src/backends/local/index.ts'))};`,
    ].join('\n'),
  );
  await build({
    entryPoints: [libEntry],
    outfile: join(pkg, 'lib.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const lib = await import(pathToFileURL(join(pkg, 'lib.mjs')).href);
  return { tmp, pkg, bin: join(pkg, 'bin/ticket.js'), lib, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** True when `ticket <cmd>` is implemented (its --help lists options beyond the placeholder). */
import { spawnSync } from 'node:child_process';
export function commandExists(bin, args, flag) {
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return r.status === 0 && r.stdout.includes(flag);
}

// Deterministic pseudo-random generator, so runs are comparable.
export function rng(seed = 42) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'imprimante commande atelier facture pièce stock rapport accès VPN connexion mot passe compte ' +
  'messagerie Outlook synchronisation contact campagne connecteur constructeur banque lenteur écran ' +
  'erreur bloqué impossible valider client véhicule garantie devis livraison fournisseur export ' +
  'printer order invoice report login password mail sync connector slow error blocked failed'
).split(' ');

function sentence(r, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]);
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

const STATUSES = ['new', 'open', 'open', 'pending', 'on-hold', 'solved', 'closed', 'closed'];
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];
const SITES = ['Paris', 'Lyon', 'Marseille', 'Bordeaux'];

/** `count` ticket records as the local store writes them (ids from `first`). */
export function generateRecords(count, first = 1, seed = 7) {
  const r = rng(seed);
  const out = [];
  const base = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = String(first + i);
    const created = new Date(base + (first + i) * 600_000 + Math.floor(r() * 60_000)).toISOString();
    const updated = new Date(Date.parse(created) + Math.floor(r() * 86_400_000 * 5)).toISOString();
    const status = STATUSES[Math.floor(r() * STATUSES.length)];
    const user = `user${Math.floor(r() * 50)}`;
    const dms = r() < 0.5;
    const body = Array.from({ length: 2 + Math.floor(r() * 5) }, () => sentence(r, 6 + Math.floor(r() * 10))).join(' ');
    const requester = { name: `User ${user}`, email: `${user}@example.com` };
    const comments = [{ id: '1', author: requester, body, public: true, createdAt: created, attachments: [] }];
    if (r() < 0.5) comments.push({ id: '2', author: { name: 'Support', email: 'support@example.com' }, body: sentence(r, 12), public: true, createdAt: updated, attachments: [] });
    out.push({
      v: 1,
      ticket: {
        id,
        url: null,
        subject: sentence(r, 4 + Math.floor(r() * 6)).slice(0, 120),
        status,
        backendStatus: status,
        priority: PRIORITIES[Math.floor(r() * PRIORITIES.length)],
        type: 'incident',
        category: dms ? 'DMS' : ['IT', 'CRM', 'CONNECT'][Math.floor(r() * 3)],
        requester,
        cc: r() < 0.2 ? ['manager@example.com'] : [],
        tags: r() < 0.3 ? ['bench'] : [],
        fields: dms
          ? { site: SITES[Math.floor(r() * 4)], document_type: 'Commande atelier', document_number: String(10000 + Math.floor(r() * 900000)) }
          : {},
        createdAt: created,
        updatedAt: updated,
        comments,
      },
      meta: { rev: 1, closedAt: status === 'solved' || status === 'closed' ? updated : null, idempotencyKey: null, dedupeKey: null, nextComment: comments.length + 1 },
    });
  }
  return out;
}

/**
 * Like lib.mjs compare(), plus the CPU time (user + sys) of the child, which a busy machine
 * disturbs much less than the wall time: on a shared 2-core box, read both.
 */
export function compareCpu(entries, runs = 10, warmup = 1) {
  const TIME = '/usr/bin/time';
  const one = (cmd, args, opts) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(TIME, ['-f', '%U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const [u, s, m] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    return { ms, cpu: (u + s) * 1000, rss: m / 1024 };
  };
  for (let i = 0; i < warmup; i++) for (const [, cmd, args, opts] of entries) one(cmd, args, opts);
  const res = Object.fromEntries(entries.map(([name]) => [name, { ms: [], cpu: [], rss: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, cmd, args, opts] of entries) {
      const m = one(cmd, args, opts);
      res[name].ms.push(m.ms);
      res[name].cpu.push(m.cpu);
      res[name].rss.push(m.rss);
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const out = {};
  for (const [name] of entries) {
    const r = res[name];
    out[name] = { wallMedian: med(r.ms), wallMin: Math.min(...r.ms), cpuMedian: med(r.cpu), peakRssMb: Math.max(...r.rss) };
    console.log(
      `${name.padEnd(40)} wall median ${med(r.ms).toFixed(1).padStart(7)} ms  min ${Math.min(...r.ms).toFixed(1).padStart(7)} ms  cpu median ${med(r.cpu).toFixed(0).padStart(5)} ms  peak RSS ${Math.max(...r.rss).toFixed(0)} MB`,
    );
  }
  return out;
}
