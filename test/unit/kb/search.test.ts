import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeBase, shippedKbDir } from '../../../src/kb/engine.js';
import { parseFrontMatter } from '../../../src/kb/frontmatter.js';
import { processTerm } from '../../../src/kb/terms.js';
import { ConfigError, NotFoundError, UsageError } from '../../../src/errors.js';
import { localBackend } from '../../helpers/local.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ticket-kb-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const shipped = () => KnowledgeBase.open({ dir: shippedKbDir(), cacheDir: join(tmp, 'cache') });
const top = async (q: string, opts: { lang?: string; category?: string } = {}) =>
  (await shipped()).search(q, { limit: 5, ...opts }).map((a) => a.id);

describe('shipped knowledge base', () => {
  it('ships French and English articles with front matter', () => {
    const files = readdirSync(shippedKbDir()).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['imprimante', 'printer-offline-fr'],
    ['imprimantes', 'printer-offline-fr'],
    ['IMPRIMANTE hors-ligne', 'printer-offline-fr'],
    ['printers', 'printer-offline-en'],
    ['printer offline', 'printer-offline-en'],
    ['mot de passe oublié', 'password-reset-fr'],
    ['mot de passe oublie', 'password-reset-fr'],
    ['forgot password', 'password-reset-en'],
    ['commandes atelier bloquées', 'dms-workshop-order-fr'],
    ['workshop order locked', 'dms-workshop-order-en'],
    ['commande vente pieces stock negatif', 'dms-parts-sales-order-fr'],
    ['synchronisation des contacts CRM', 'crm-sync-fr'],
    ['connecteur en erreur', 'connect-connector-fr'],
    ['sauvegarde fichier supprimé', 'backup-restore-fr'],
    ['application lente', 'slow-application-fr'],
    ['Outlook ne reçoit plus', 'm365-mail-fr'],
    ['accès rapport refusé', 'dms-report-access-fr'],
    ['imprimente', 'printer-offline-fr'],
    ['pasword reset', 'password-reset-en'],
  ])('"%s" → %s first', async (q, id) => {
    expect((await top(q))[0]).toBe(id);
  });

  it('ignores accents and case both ways', async () => {
    expect((await top('ETABLISSEMENT commande atelier'))[0]).toBe((await top('établissement commande atelier'))[0]);
    expect((await top('reseau vpn'))[0]).toMatch(/^vpn-connection/);
  });

  it('boosts the language asked for', async () => {
    expect((await top('VPN', { lang: 'fr' }))[0]).toBe('vpn-connection-fr');
    expect((await top('VPN', { lang: 'en' }))[0]).toBe('vpn-connection-en');
  });

  it('returns a snippet (the best matching sentence, ≤ 200 chars), a locale and a score', async () => {
    const [a] = (await shipped()).search('file d’attente imprimante', { limit: 1 });
    expect(a.snippet.length).toBeLessThanOrEqual(200);
    expect(a.snippet).toMatch(/file d'attente/);
    expect(a.locale).toBe('fr');
    expect(a.score).toBeGreaterThan(0);
    expect(a.url).toBeNull();
  });

  it('an empty or stop-word-only query finds nothing; nonsense finds nothing', async () => {
    expect(await top('')).toEqual([]);
    expect(await top('zzqxw')).toEqual([]);
  });

  it('getArticle returns the Markdown body without front matter; unknown id is NotFoundError', async () => {
    const kb = await shipped();
    const a = kb.get('password-reset-en');
    expect(a.format).toBe('markdown');
    expect(a.title).toBe('Reset your password');
    expect(a.body).toMatch(/^Forgot your password/); // the heading repeating the title is dropped
    expect(a.body).not.toContain('---');
    expect(() => kb.get('nope')).toThrow(NotFoundError);
  });
});

describe('terms', () => {
  it('maps word variants to the same term', () => {
    const same = (a: string, b: string) => expect(processTerm(a)).toBe(processTerm(b));
    same('imprimante', 'imprimantes');
    same('Imprimantes', 'IMPRIMANTE');
    same('printer', 'printers');
    same('connectée', 'connecte');
    same('bloquées', 'bloque');
    same('Établissement', 'etablissements');
    expect(processTerm('les')).toBeNull();
    expect(processTerm('the')).toBeNull();
  });

  it('front matter: quoted strings and both list styles', () => {
    const fm = parseFrontMatter('---\nid: a\ntitle: "Say \\"hi\\""\ntags: [x, "y z"]\nmore:\n  - one\n  - two\n---\nBody');
    expect(fm.attrs).toEqual({ id: 'a', title: 'Say "hi"', tags: ['x', 'y z'], more: ['one', 'two'] });
    expect(fm.body).toBe('Body');
  });
});

describe('configured folder and cache', () => {
  function article(dir: string, name: string, title: string, body: string, extra = '') {
    writeFileSync(join(dir, name), `---\ntitle: ${title}\nlang: en\n${extra}---\n${body}\n`);
  }

  it('a kbDir replaces the shipped articles (ids default to the file name)', async () => {
    const dir = join(tmp, 'kb');
    mkdirSync(dir);
    article(dir, 'toner.md', 'Replace the toner', 'Open the front door of the printer and pull the cartridge.');
    const b = localBackend(tmp, { profile: { kbDir: dir } });
    const res = await b.searchKb('printers', { limit: 5 });
    expect(res.map((a) => a.id)).toEqual(['toner']);
    expect(res[0].url).toMatch(/^file:\/\/.*toner\.md$/);
    expect((await b.getArticle('toner')).body).toContain('cartridge');
  });

  it('prefers the category asked for among equal matches', async () => {
    const dir = join(tmp, 'kbc');
    mkdirSync(dir);
    article(dir, 'a.md', 'Export error', 'The export fails.', 'category: DMS\n');
    article(dir, 'b.md', 'Export error', 'The export fails.', 'category: CRM\n');
    const kb = await KnowledgeBase.open({ dir, cacheDir: join(tmp, 'cachec') });
    expect(kb.search('export', { limit: 2, category: 'crm' })[0].id).toBe('b');
    expect(kb.search('export', { limit: 2, category: 'DMS' })[0].id).toBe('a');
  });

  it('a missing kbDir is a ConfigError', async () => {
    const b = localBackend(tmp, { profile: { kbDir: join(tmp, 'nope') } });
    await expect(b.searchKb('x', { limit: 5 })).rejects.toBeInstanceOf(ConfigError);
  });

  it('rebuilds the cached index when an article is added or changed', async () => {
    const dir = join(tmp, 'kb2');
    mkdirSync(dir);
    const cacheDir = join(tmp, 'cache2');
    article(dir, 'a.md', 'Alpha', 'About keyboards.');
    expect((await KnowledgeBase.open({ dir, cacheDir })).search('keyboard', { limit: 5 }).map((a) => a.id)).toEqual(['a']);
    expect(readdirSync(cacheDir).length).toBe(1);
    article(dir, 'b.md', 'Beta', 'Also about keyboards, and mice.');
    expect((await KnowledgeBase.open({ dir, cacheDir })).search('mice', { limit: 5 }).map((a) => a.id)).toEqual(['b']);
    article(dir, 'a.md', 'Alpha', 'Now about monitors.');
    utimesSync(join(dir, 'a.md'), new Date(), new Date(Date.now() + 5000));
    const kb = await KnowledgeBase.open({ dir, cacheDir });
    expect(kb.search('monitors', { limit: 5 }).map((a) => a.id)).toEqual(['a']);
    expect(kb.search('keyboard', { limit: 5 }).map((a) => a.id)).toEqual(['b']);
  });

  it('the cached index gives the same results as a fresh build', async () => {
    const cacheDir = join(tmp, 'cache3');
    const first = (await KnowledgeBase.open({ dir: shippedKbDir(), cacheDir })).search('commande atelier', { limit: 5 });
    const cached = (await KnowledgeBase.open({ dir: shippedKbDir(), cacheDir })).search('commande atelier', { limit: 5 });
    expect(cached).toEqual(first);
  });
});

// Issue 10: hostile or damaged knowledge-base folders end with a clear error that names the file,
// promptly and without reading it whole; a damaged cache is rebuilt.
describe('hostile and damaged knowledge-base folders', () => {
  function folder(): string {
    const dir = join(tmp, 'kbh');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ok.md'), '---\ntitle: Printer offline\nlang: en\n---\nRestart the printer.\n');
    return dir;
  }
  const open = (dir: string, extra: Record<string, number> = {}) => KnowledgeBase.open({ dir, cacheDir: join(tmp, 'cacheh'), ...extra });
  const refusal = async (dir: string, extra: Record<string, number> = {}) => {
    const e = await open(dir, extra).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  };

  it('a FIFO named like an article is refused by name instead of blocking the search', async () => {
    const dir = folder();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    expect(await refusal(dir)).toMatch(/pipe\.md is a FIFO \(named pipe\), not a regular file/);
  });

  it('a symbolic link to /dev/zero is refused (a device), not read forever', async () => {
    const dir = folder();
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    expect(await refusal(dir)).toMatch(/zero\.md is a character device, not a regular file/);
  });

  it('a self-referencing .md symlink is a clear error (ELOOP), not an unexpected one', async () => {
    const dir = folder();
    symlinkSync('loop.md', join(dir, 'loop.md'));
    expect(await refusal(dir)).toMatch(/loop\.md is a symbolic link that loops/);
  });

  it('a 112 MB article is refused from its size, without being read', async () => {
    const dir = folder();
    const big = join(dir, 'big.md');
    writeFileSync(big, '');
    truncateSync(big, 112 * 1024 * 1024); // sparse: costs nothing on disk
    expect(await refusal(dir)).toMatch(/big\.md is 112\.0 MB, over the limit of 2\.0 MB/);
  });

  it('the articles together are capped too', async () => {
    const dir = folder();
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `a${i}.md`), `# Article ${i}\n` + 'word '.repeat(200));
    expect(await refusal(dir, { maxTotalBytes: 2000 })).toMatch(/holds more than 2\.0 KB of articles/);
  });

  it('a symbolic link to a regular article is still read', async () => {
    const dir = folder();
    writeFileSync(join(tmp, 'outside.md'), '---\ntitle: Scanner jam\n---\nOpen the scanner lid.\n');
    symlinkSync(join(tmp, 'outside.md'), join(dir, 'linked.md'));
    expect((await open(dir)).search('scanner', { limit: 5 }).map((a) => a.id)).toEqual(['linked']);
  });

  it('a truncated cache is rebuilt, with the same results', async () => {
    const dir = folder();
    const first = (await open(dir)).search('printer', { limit: 5 });
    const [name] = readdirSync(join(tmp, 'cacheh'));
    const path = join(tmp, 'cacheh', name);
    const size = statSync(path).size;
    truncateSync(path, size - 10);
    expect((await open(dir)).search('printer', { limit: 5 })).toEqual(first);
    expect(statSync(path).size).toBe(size);
  });

  it('a cache damaged in place (same size) is rebuilt on the first failed read', async () => {
    const dir = folder();
    const first = (await open(dir)).search('printer', { limit: 5 });
    const [name] = readdirSync(join(tmp, 'cacheh'));
    const path = join(tmp, 'cacheh', name);
    const buf = readFileSync(path);
    const headLen = Number(buf.toString('latin1', 0, 15));
    buf.fill(0x7b, 16 + headLen); // every posting now reads "{{{{"
    writeFileSync(path, buf);
    const kb = await open(dir);
    expect(kb.search('printer', { limit: 5 })).toEqual(first);
    expect(kb.get('ok').title).toBe('Printer offline');
  });

  it('a 100,000-character query is a usage error (exit 2), not "Invalid typed array length"', async () => {
    const kb = await open(folder());
    let err: unknown;
    try {
      kb.search('a'.repeat(100_000), { limit: 5 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toMatch(/100000 characters long; at most 1000/);
    expect(kb.search('a '.repeat(400) + 'printer', { limit: 5 }).map((a) => a.id)).toEqual(['ok']);
  });
});
