// Which secrets of the corpus does a redaction engine catch? Compares ticket's own rules
// (src/redact, bundled on the fly) with secretlint's recommended preset when it is installed
// (SECRETLINT_DIR=<a folder whose node_modules has @secretlint/core and
// @secretlint/secretlint-rule-preset-recommend>; it is not a dependency of ticket).
//   node bench/hardening/redact-rules.mjs [--verbose]
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_CORPUS, ENV_CORPUS, SECRET_ENV, BENIGN_CORPUS } from './secret-corpus.mjs';

const verbose = process.argv.includes('--verbose');
const dir = mkdtempSync(join(tmpdir(), 'redact-bench-'));
await build({ entryPoints: [new URL('../../src/redact/index.ts', import.meta.url).pathname], bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'redact.mjs'), logLevel: 'warning' });
const ours = await import(pathToFileURL(join(dir, 'redact.mjs')).href);

const engines = {
  'ticket (src/redact)': async (text, env) => ours.redact(text, { env }).text,
};
if (process.env.SECRETLINT_DIR) {
  const req = createRequire(join(process.env.SECRETLINT_DIR, 'package.json'));
  const core = await import(pathToFileURL(req.resolve('@secretlint/core')).href);
  const preset = await import(pathToFileURL(req.resolve('@secretlint/secretlint-rule-preset-recommend')).href);
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator ?? preset.default?.creator ?? preset.default }] };
  engines['secretlint preset-recommend'] = async (text) => {
    const r = await core.lintSource({ source: { filePath: '/ci.log', content: text, ext: '.log', contentType: 'text' }, options: { config, maskSecrets: false } });
    // Mask every reported range, as a redactor built on it would.
    const ranges = r.messages.map((m) => m.range).sort((a, b) => b[0] - a[0]);
    let t = text;
    for (const [s, e] of ranges) t = t.slice(0, s) + '[REDACTED]' + t.slice(e);
    return t;
  };
}

const cases = [...SECRET_CORPUS.map((c) => [...c, {}]), ...ENV_CORPUS.map((c) => [...c, SECRET_ENV])];
for (const [name, run] of Object.entries(engines)) {
  let caught = 0;
  const missed = [];
  const t0 = performance.now();
  for (const [kind, line, secret, env] of cases) {
    const out = await run(`step 3/7\n${line}\nexit 1\n`, env);
    if (out.includes(secret)) missed.push(kind);
    else caught++;
  }
  let benignChanged = 0;
  for (const b of BENIGN_CORPUS) if ((await run(b, {})) !== b) benignChanged++;
  const ms = performance.now() - t0;
  console.log(`${name}: ${caught}/${cases.length} kinds caught, ${benignChanged}/${BENIGN_CORPUS.length} benign lines changed (${ms.toFixed(0)} ms)`);
  if (missed.length) console.log(`  missed: ${missed.join(', ')}`);
}
