// `ticket list --json --limit 0` over 10,000 and 100,000 local tickets.
// Targets: ≤ 300 ms wall at 10k; ≤ 2 s wall and ≤ 250 MB peak RSS at 100k.
// Tickets are written straight through the store (bulkLoad), not through 100k processes.
// Until the `list` command exists, the backend is timed through a tiny script that does what the
// command does (list + JSON on stdout). Usage: node bench/local-list.mjs [--runs N] [--sizes 10000,100000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, compareCpu, generateRecords, preparePackage } from './local-lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const runs = Number(opt('--runs', '10'));
const sizes = opt('--sizes', '10000,100000').split(',').map(Number);

const { tmp, pkg, bin, lib, cleanup } = await preparePackage();
try {
  const direct = join(pkg, 'list-direct.mjs');
  writeFileSync(
    direct,
    `import { createLocalBackend } from './lib.mjs';
const home = process.env.TICKET_HOME;
const b = createLocalBackend({ profile: { backend: 'local', profileName: null, sources: {} }, paths: { config: home + '/config', state: home + '/state', data: home + '/data' }, env: process.env, now: () => new Date(), lang: 'en' });
const list = await b.listTickets({ limit: 0, sort: 'created' });
process.stdout.write(JSON.stringify(list) + '\\n');
`,
  );
  const hasList = commandExists(bin, ['list'], '--status');
  console.log(`list command ${hasList ? 'present: timing the real CLI' : 'not implemented yet: timing the backend script only'}`);
  for (const size of sizes) {
    const home = join(tmp, `home-${size}`);
    mkdirSync(home, { recursive: true });
    const store = new lib.LocalStore(join(home, 'data', 'local'));
    const t0 = Date.now();
    for (let first = 1; first <= size; first += 10_000) store.bulkLoad(generateRecords(Math.min(10_000, size - first + 1), first));
    console.log(`\n${size} tickets generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const env = { ...process.env, TICKET_HOME: home, NO_COLOR: '1' };
    const entries = [[`backend script, ${size}`, process.execPath, [direct], { env }]];
    if (hasList) entries.push([`ticket list --json --limit 0, ${size}`, process.execPath, [bin, 'list', '--json', '--limit', '0'], { env }]);
    entries.push([`node -e 0 (baseline)`, process.execPath, ['-e', '0'], { env }]);
    compareCpu(entries, runs, 1);
  }
} finally {
  cleanup();
}
