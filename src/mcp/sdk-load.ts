// Loading the MCP SDK fast. Most of `ticket mcp`'s start-up is the SDK and its zod: 300 KB of code
// that builds a few hundred schemas when it is evaluated. The build bundles it into one CommonJS
// file (dist/mcp-sdk.cjs) and records V8's compiled code for it (dist/mcp-sdk.cache, made after a
// real initialize so the functions that answer it are in the cache too); here that file is run with
// the cache, which spares V8 parsing and compiling it again. A cache V8 does not accept (another
// Node version, other flags) is simply not used. In the sources (tests) there is no bundle: the SDK
// is imported as usual.
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export type Sdk = typeof import('./sdk.js');

/** The bundled SDK next to dist/cli.js, with its code cache; null when running from the sources. */
function bundled(): { file: string; source: string; cache: Buffer | undefined } | null {
  const url = new URL('../mcp-sdk.cjs', import.meta.url);
  let source: string;
  try {
    source = readFileSync(url, 'utf8');
  } catch {
    return null;
  }
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(new URL('../mcp-sdk.cache', import.meta.url));
  } catch {
    cache = undefined;
  }
  return { file: fileURLToPath(url), source, cache };
}

/** Run a CommonJS bundle through vm.Script with `cachedData`; returns its exports and the script. */
export function runBundle(file: string, source: string, cache?: Buffer): { exports: unknown; script: Script } {
  const script = new Script(Module.wrap(source), { filename: file, cachedData: cache });
  const fn = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, script };
}

export async function loadSdk(debug?: (line: string) => void): Promise<Sdk> {
  const b = bundled();
  if (!b) return import('./sdk.js');
  const { exports, script } = runBundle(b.file, b.source, b.cache);
  debug?.(`MCP SDK from ${b.file}, code cache ${!b.cache ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used'}`);
  return exports as Sdk;
}
