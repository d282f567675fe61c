// Bundle src/ into dist/ with esbuild: one small entry chunk for start-up, and a chunk per
// lazily imported piece (backends, prompts, tables) so `ticket --version` loads none of them.
// Type-checking is `npm run typecheck` (tsc --noEmit), run by `npm test` too.
import { build } from 'esbuild';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander and chalk are on every start-up path: bundled, they load faster than resolved from
  // node_modules. Everything else stays external and is imported lazily where used.
  // The MCP SDK (and its zod) is bundled into the lazily loaded chunk of `ticket mcp`: resolved
  // file by file from node_modules it takes several times longer to load.
  external: Object.keys(pkg.dependencies).filter((d) => !['commander', 'chalk', '@modelcontextprotocol/sdk', 'zod'].includes(d)),
  banner: { js: "import { createRequire as __ticketCreateRequire } from 'node:module'; const require = __ticketCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  plugins: [
    {
      // `ticket mcp` asks for no elicitation: the SDK's ajv-based validator is replaced by ours
      // (src/mcp/json-schema-validator.ts), which keeps ajv out of the start-up of the server.
      name: 'no-ajv',
      setup(b) {
        b.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: new URL('../src/mcp/json-schema-validator.ts', import.meta.url).pathname }));
      },
    },
  ],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

// The root help, rendered once by the real program at 80 columns in each language, for the
// start-up fast path (src/cli/main.ts). test/unit/cli/help.test.ts checks it matches the live help.
// No configuration is read (a home that does not exist): the language is the one asked for.
const { run } = await import(new URL('../dist/cli.js', import.meta.url).href);
const { Writable } = await import('node:stream');
const err = new Writable({ write(_c, _e, cb) { cb(); } });
const noHome = new URL('../dist/.no-home', import.meta.url).pathname;
for (const lang of ['en', 'fr', 'ro']) {
  let help = '';
  const out = Object.assign(new Writable({ write(c, _e, cb) { help += c; cb(); } }), { isTTY: false, columns: 80 });
  await run(['--help'], { io: { stdin: process.stdin, stdout: out, stderr: err }, env: { TICKET_HOME: noHome, LANG: lang } });
  writeFileSync(new URL(lang === 'en' ? '../dist/help.txt' : `../dist/help.${lang}.txt`, import.meta.url), help);
}

// The command tree, for shell completion without building the program on every Tab
// (src/completion/tree.ts; the same test checks it is current), one per language (its descriptions).
for (const lang of ['en', 'fr', 'ro']) {
  let tree = '';
  const treeOut = Object.assign(new Writable({ write(c, _e, cb) { tree += c; cb(); } }), { isTTY: false });
  await run(['__tree'], { io: { stdin: process.stdin, stdout: treeOut, stderr: err }, env: { TICKET_HOME: noHome, LANG: lang } });
  writeFileSync(new URL(lang === 'en' ? '../dist/completion-tree.json' : `../dist/completion-tree.${lang}.json`, import.meta.url), tree);
}
