// `ticket kb search` over 5,000 Markdown articles in a configured kbDir (target ≤ 200 ms wall,
// with the cached index). Reports the first run (index built and cached) and cached runs.
// Until the `kb search` command exists, the backend is timed through a tiny script.
// Usage: node bench/kb-search.mjs [--runs N] [--articles N]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './lib.mjs';
import { commandExists, compareCpu, preparePackage, rng } from './local-lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const runs = Number(opt('--runs', '15'));
const count = Number(opt('--articles', '5000'));

const VOCAB = (
  'imprimante imprimantes impression toner bourrage réseau connexion VPN certificat mot passe compte verrouillé ' +
  'messagerie Outlook boîte quota commande atelier facture pièce stock inventaire rapport accès droit profil ' +
  'synchronisation contact campagne opportunité connecteur constructeur banque comptabilité export import ' +
  'sauvegarde restauration fichier dossier partage lenteur performance écran clavier souris poste serveur ' +
  'printer printing toner jam network connection certificate password account locked mail mailbox quota ' +
  'workshop order invoice part stock report access permission sync contact campaign connector backup restore ' +
  'file folder share slow performance screen keyboard mouse computer server update upgrade install licence'
).split(' ');

const { tmp, pkg, bin, cleanup } = await preparePackage();
try {
  const home = join(tmp, 'home');
  const kbDir = join(tmp, 'articles');
  mkdirSync(kbDir, { recursive: true });
  const r = rng(11);
  // A realistic spread: topical support words (8% of the words), plus a long tail of 20,000 rarer words
  // (Zipf-like), so a query term matches a fraction of the articles, as in a real base.
  const syll = ['ba', 'co', 'di', 'fe', 'gu', 'la', 'mo', 'ni', 'pa', 're', 'si', 'tu', 'va', 'xo', 'ze', 'ri', 'ton', 'mel', 'par', 'sol'];
  const tail = Array.from({ length: 20_000 }, (_, i) => {
    let w = '';
    let n = i + 7;
    do {
      w += syll[n % syll.length];
      n = Math.floor(n / syll.length);
    } while (n > 0);
    return w + syll[(i * 7) % syll.length];
  });
  const pick = () => {
    if (r() < 0.08) return VOCAB[Math.floor(r() * VOCAB.length)];
    return tail[Math.floor(tail.length * Math.pow(r(), 2.5))];
  };
  const sentence = (n) => Array.from({ length: n }, pick).join(' ') + '.';
  const cats = ['IT', 'DMS', 'CRM', 'CONNECT'];
  for (let i = 0; i < count; i++) {
    const lang = r() < 0.5 ? 'fr' : 'en';
    const title = sentence(4 + Math.floor(r() * 4)).replace(/\.$/, '');
    const body = Array.from({ length: 8 + Math.floor(r() * 12) }, () => sentence(8 + Math.floor(r() * 10))).join(' ');
    writeFileSync(
      join(kbDir, `article-${i}.md`),
      `---\nid: kb-${i}\ntitle: "${title}"\nlang: ${lang}\ncategory: ${cats[i % 4]}\ntags: [${pick()}, ${pick()}]\n---\n\n# ${title}\n\n${body}\n`,
    );
  }
  mkdirSync(join(home, 'config'), { recursive: true });
  writeFileSync(
    join(home, 'config', 'config.json'),
    JSON.stringify({ schemaVersion: 1, currentProfile: 'bench', profiles: { bench: { backend: 'local', kbDir } } }),
    { mode: 0o600 },
  );
  const direct = join(pkg, 'kb-direct.mjs');
  writeFileSync(
    direct,
    `import { createLocalBackend } from './lib.mjs';
const home = process.env.TICKET_HOME;
const b = createLocalBackend({ profile: { backend: 'local', profileName: 'bench', sources: {}, kbDir: ${JSON.stringify(kbDir)} }, paths: { config: home + '/config', state: home + '/state', data: home + '/data' }, env: process.env, now: () => new Date(), lang: 'en' });
const res = await b.searchKb(process.argv.slice(2).join(' '), { limit: 5 });
process.stdout.write(JSON.stringify(res) + '\\n');
`,
  );
  const hasKb = commandExists(bin, ['kb', 'search'], '--limit');
  console.log(`kb search command ${hasKb ? 'present: timing the real CLI' : 'not implemented yet: timing the backend script only'}; ${count} articles`);
  const env = { ...process.env, TICKET_HOME: home, NO_COLOR: '1' };
  const query = ['imprimantes', 'bloquées', 'réseau'];
  const cliArgs = [bin, 'kb', 'search', '--json', ...query];
  const cache = join(home, 'state', 'kb-cache');
  // First run: no cache, the index is built from the 5,000 files and written.
  const firstRuns = [];
  for (let i = 0; i < 3; i++) {
    rmSync(cache, { recursive: true, force: true });
    firstRuns.push(measure(process.execPath, hasKb ? cliArgs : [direct, ...query], { env }).ms);
  }
  console.log(`first run (build + cache the index)       median ${firstRuns.sort((a, b) => a - b)[1].toFixed(1)} ms`);
  const entries = [[`backend script search (cached)`, process.execPath, [direct, ...query], { env }]];
  if (hasKb) entries.push([`ticket kb search --json (cached)`, process.execPath, cliArgs, { env }]);
  entries.push([`node -e 0 (baseline)`, process.execPath, ['-e', '0'], { env }]);
  compareCpu(entries, runs, 1);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${tmp}`);
  else cleanup();
}
