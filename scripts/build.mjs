// Bundle src/ into dist/ with esbuild: one small entry chunk for start-up, and a chunk per
// lazily imported piece (backends, prompts, tables) so `ticket --version` loads none of them.
// Type-checking is `npm run typecheck` (tsc --noEmit), run by `npm test` too.
import { build } from 'esbuild';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

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
  // The MCP SDK (and its zod) is bundled on its own below (dist/mcp-sdk.cjs, see src/mcp/sdk-load.ts).
  // The three small packages of src/io/width.ts too: a table on a terminal need not resolve them.
  external: Object.keys(pkg.dependencies).filter((d) => !['commander', 'chalk', '@modelcontextprotocol/sdk', 'zod', 'get-east-asian-width', 'emoji-regex', 'strip-ansi'].includes(d)),
  banner: { js: "import { createRequire as __ticketCreateRequire } from 'node:module'; const require = __ticketCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  plugins: [
    {
      // src/mcp/sdk-load.ts falls back to importing the SDK module: in dist/ that is the bundle.
      name: 'sdk-bundle',
      setup(b) {
        b.onResolve({ filter: /^\.\/sdk\.js$/ }, (a) => (a.importer.endsWith('sdk-load.ts') ? { path: '../mcp-sdk.cjs', external: true } : undefined));
      },
    },
  ],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

// The MCP SDK and its zod in one CommonJS file, run by src/mcp/sdk-load.ts with a V8 code cache:
// resolved file by file from node_modules it takes several times longer to load, and as one
// script its compiled code can be cached (below).
await build({
  entryPoints: { 'mcp-sdk': 'src/mcp/sdk.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
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

// V8's compiled code of dist/mcp-sdk.cjs, recorded after a real `initialize` so that the functions
// answering it are in the cache too. The binary sets --liftoff-only before loading it (src/cli/main.ts):
// same flags here, or V8 rejects the cache. The script is wrapped exactly as sdk-load.ts wraps it.
{
  setFlagsFromString('--liftoff-only');
  const { PassThrough } = await import('node:stream');
  const { createRequire } = await import('node:module');
  const file = new URL('../dist/mcp-sdk.cjs', import.meta.url).pathname;
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, new URL('../dist/', import.meta.url).pathname);
  const sdk = mod.exports;
  const server = new sdk.Server({ name: 'ticket', version: pkg.version }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(sdk.ListToolsRequestSchema, async () => ({ tools: [] }));
  const input = new PassThrough();
  const output = new PassThrough();
  const answered = new Promise((resolve) => output.once('data', resolve));
  await server.connect(new sdk.StdioServerTransport(input, output));
  input.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'build', version: '1' } } }) + '\n');
  await answered;
  await server.close();
  writeFileSync(new URL('../dist/mcp-sdk.cache', import.meta.url), script.createCachedData());
}
