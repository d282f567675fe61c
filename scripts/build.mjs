// Bundle src/ into dist/ with esbuild: one small entry chunk for start-up, and a chunk per
// lazily imported piece (backends, prompts, tables) so `ticket --version` loads none of them.
// Type-checking is `npm run typecheck` (tsc --noEmit), run by `npm test` too.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
