import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { PassThrough } from 'node:stream';
import { run } from '../../../src/cli/main.js';

describe('root help fast path', () => {
  it('the help rendered at build time is what commander prints now', async () => {
    const file = new URL('../../../dist/help.txt', import.meta.url);
    expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const out = Object.assign(new PassThrough(), { isTTY: false, columns: 80 });
    let text = '';
    out.on('data', (c) => (text += c));
    const code = await run(['--help'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env: {} });
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(text).toMatch(/Commands:\n\s+new\s/);
  });

  it.each(['fr', 'ro'] as const)('the %s help rendered at build time is what commander prints in that language', async (lang) => {
    const file = new URL(`../../../dist/help.${lang}.txt`, import.meta.url);
    expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const home = mkdtempSync(join(tmpdir(), 'ticket-help-'));
    const out = Object.assign(new PassThrough(), { isTTY: false, columns: 80 });
    let text = '';
    out.on('data', (c) => (text += c));
    const code = await run(['--help'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env: { TICKET_HOME: home, LANG: lang === "fr" ? "fr_FR.UTF-8" : "ro_RO.UTF-8" } });
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(text).toMatch(lang === 'fr' ? /^Utilisation : ticket/ : /^Utilizare: ticket/);
  });

  it('the fast path picks the help of the profile\'s language, and --lang over it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ticket-help-'));
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(join(home, 'config', 'config.json'), JSON.stringify({ schemaVersion: 1, currentProfile: 'p', profiles: { p: { backend: 'local', lang: 'ro' } } }));
    const bin = fileURLToPath(new URL('../../../bin/ticket.js', import.meta.url));
    const env = { PATH: process.env.PATH, TICKET_HOME: home, LANG: 'fr_FR.UTF-8' };
    const { stdout } = await execa('node', [bin, '--help'], { env, extendEnv: false });
    expect(stdout + '\n').toBe(readFileSync(new URL('../../../dist/help.ro.txt', import.meta.url), 'utf8'));
    const other = await execa('node', [bin, '--lang', 'fr', 'config', '--help'], { env, extendEnv: false });
    expect(other.stdout).toMatch(/^Utilisation : ticket config/);
    const english = await execa('node', [bin, '--help'], { env: { PATH: process.env.PATH, TICKET_HOME: join(home, 'none'), LANG: 'C' }, extendEnv: false });
    expect(english.stdout + '\n').toBe(readFileSync(new URL('../../../dist/help.txt', import.meta.url), 'utf8'));
  });

  it('the command tree written at build time (shell completion) is the live one', async () => {
    const file = new URL('../../../dist/completion-tree.json', import.meta.url);
    expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const out = Object.assign(new PassThrough(), { isTTY: false });
    let text = '';
    out.on('data', (c) => (text += c));
    expect(await run(['__tree'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env: {} })).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('the French and Romanian trees carry the descriptions in their language', async () => {
    for (const lang of ['fr', 'ro'] as const) {
      const file = new URL(`../../../dist/completion-tree.${lang}.json`, import.meta.url);
      expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
      const out = Object.assign(new PassThrough(), { isTTY: false });
      let text = '';
      out.on('data', (c) => (text += c));
      const env = { TICKET_HOME: mkdtempSync(join(tmpdir(), 'ticket-tree-')), LANG: lang };
      expect(await run(['__tree'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env })).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(text).toContain(lang === 'fr' ? 'liste, change et supprime des profils' : 'listează, schimbă și șterge profiluri');
    }
  });
});
