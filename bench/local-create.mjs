// `ticket create` on the local backend: wall time of the whole process (target ≤ 150 ms), into an
// empty store and into one that already holds 10,000 tickets.
// Until the `create` command exists, the backend is timed through a tiny script.
// Usage: node bench/local-create.mjs [--runs N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, compareCpu, generateRecords, preparePackage } from './local-lib.mjs';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] || 20) || 20;

const { tmp, pkg, bin, lib, cleanup } = await preparePackage();
try {
  const direct = join(pkg, 'create-direct.mjs');
  writeFileSync(
    direct,
    `import { createLocalBackend } from './lib.mjs';
const home = process.env.TICKET_HOME;
const b = createLocalBackend({ profile: { backend: 'local', profileName: null, sources: {} }, paths: { config: home + '/config', state: home + '/state', data: home + '/data' }, env: process.env, now: () => new Date(), lang: 'en' });
const t = await b.createTicket({ category: 'DMS', subject: 'Bench ticket', body: 'Body of the bench ticket.', priority: 'normal', type: 'incident', fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '123456' }, attachments: [], cc: [], tags: [] });
process.stdout.write(JSON.stringify(t) + '\\n');
`,
  );
  const hasCreate = commandExists(bin, ['create'], '--category');
  console.log(`create command ${hasCreate ? 'present: timing the real CLI' : 'not implemented yet: timing the backend script only'}`);
  const args = [bin, 'create', '--json', '--no-input', '-c', 'DMS', '-s', 'Bench ticket', '-b', 'Body of the bench ticket.',
    '-f', 'site=Paris', '-f', 'Type de document=Commande atelier', '-f', 'document_number=123456', '--yes'];
  for (const [label, preload] of [['empty store', 0], ['10,000 tickets', 10_000]]) {
    const home = join(tmp, `home-${preload}`);
    mkdirSync(home, { recursive: true });
    if (preload) new lib.LocalStore(join(home, 'data', 'local')).bulkLoad(generateRecords(preload));
    const env = { ...process.env, TICKET_HOME: home, NO_COLOR: '1', CI: '' };
    console.log(`\n${label}`);
    const entries = [[`backend script create`, process.execPath, [direct], { env }]];
    if (hasCreate) entries.push([`ticket create --json`, process.execPath, args, { env }]);
    entries.push([`node -e 0 (baseline)`, process.execPath, ['-e', '0'], { env }]);
    compareCpu(entries, runs, 2);
  }
} finally {
  cleanup();
}
