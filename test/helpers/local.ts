import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Backend } from '../../src/backends/backend.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import type { ResolvedProfile } from '../../src/config/resolve.js';
import type { CreateInput } from '../../src/model.js';

export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'ticket-local-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface Clock {
  now: () => Date;
  set(iso: string): void;
  advanceDays(d: number): void;
}

export function clock(start = '2026-11-01T09:00:00.000Z'): Clock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = Date.parse(iso);
    },
    advanceDays: (d) => {
      t += d * 86_400_000;
    },
  };
}

export function localBackend(
  home: string,
  opts: { now?: () => Date; profile?: Partial<ResolvedProfile>; warn?: (line: string) => void } = {},
): Backend {
  return createLocalBackend({
    profile: { backend: 'local', profileName: null, sources: {}, ...opts.profile } as ResolvedProfile,
    paths: { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') },
    env: { USER: 'tester' },
    now: opts.now ?? (() => new Date()),
    warn: opts.warn,
    lang: 'en',
  });
}

export function input(over: Partial<CreateInput> = {}): CreateInput {
  return {
    category: 'DMS',
    subject: 'Commande atelier bloquée',
    body: 'The workshop order 12345 cannot be invoiced.',
    priority: 'normal',
    type: 'incident',
    fields: { site: 'Paris', document_type: 'Commande atelier', document_number: '12345' },
    attachments: [],
    cc: [],
    tags: [],
    ...over,
  };
}

/** Bundle test/backends/local/child.ts (and the sources it uses) into a runnable .mjs file. */
export async function buildChild(outDir: string): Promise<string> {
  const out = join(outDir, 'child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./local-child.ts', import.meta.url))],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return out;
}
