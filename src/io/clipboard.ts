import { accessSync, constants, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative, sep, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError, ValidationError } from '../errors.js';
import { msg } from '../i18n/msg.js';

// A copied screenshot as an attachment (`--attach-clipboard`, `:p` in the wizard). The image is read
// through whichever clipboard tool is installed — wl-paste (Wayland), xclip (X11), pngpaste or
// osascript (macOS) — saved as <state>/clipboard/<random>/clipboard-YYYYMMDD-HHMMSS.png (0600 in
// a 0700 folder, never the shared temp dir), and removed once the ticket or reply is sent.

export type Env = Record<string, string | undefined>;

export interface ProgramResult {
  /** Exit code; null when the program was killed (timeout). */
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs one program (no shell) and collects its output; tests pass a fake. */
export type ProgramRunner = (program: string, args: string[], opts: { env: Env; timeoutMs: number }) => Promise<ProgramResult>;

export interface ClipboardTool {
  /** What messages call it. */
  name: string;
  program: string;
  args: string[];
  /** Turns the program's output into PNG bytes (osascript prints hex). */
  decode?: (out: Buffer) => Buffer;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_BYTES = 64 * 1024 * 1024;
/** Clipboard files older than this belong to an earlier run that failed: swept. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** «data PNGf89504E47…» → the bytes. */
function decodeAppleScriptData(out: Buffer): Buffer {
  const m = /«data PNGf([0-9A-Fa-f]+)»/.exec(out.toString('latin1'));
  return m ? Buffer.from(m[1]!, 'hex') : Buffer.alloc(0);
}

/** The tools to try, most fitting first for this session. */
export function clipboardTools(env: Env, platform: NodeJS.Platform = process.platform): ClipboardTool[] {
  const wl: ClipboardTool = { name: 'wl-paste', program: 'wl-paste', args: ['--no-newline', '--type', 'image/png'] };
  const x: ClipboardTool = { name: 'xclip', program: 'xclip', args: ['-selection', 'clipboard', '-t', 'image/png', '-o'] };
  if (platform === 'darwin') {
    return [
      { name: 'pngpaste', program: 'pngpaste', args: ['-'] },
      { name: 'osascript', program: 'osascript', args: ['-e', 'the clipboard as «class PNGf»'], decode: decodeAppleScriptData },
    ];
  }
  return env.WAYLAND_DISPLAY ? [wl, x] : [x, wl];
}

/** The program's full path on env.PATH, or null. */
export function findOnPath(program: string, env: Env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, program);
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export const defaultRunner: ProgramRunner = async (program, args, opts) => {
  const { spawn } = await import('node:child_process');
  return new Promise<ProgramResult>((resolve, reject) => {
    const child = spawn(program, args, { env: opts.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BYTES) child.kill('SIGKILL');
      else out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
};

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function clipboardDir(stateDir: string): string {
  return join(stateDir, 'clipboard');
}

/** Is `path` a clipboard image this program saved (and may remove)? */
export function isClipboardFile(path: string, stateDir: string): boolean {
  const rel = relative(clipboardDir(stateDir), path);
  return !!rel && !rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep).length === 2;
}

/** Remove saved clipboard images among `paths` (after a successful send); other paths are left alone. */
export function removeClipboardFiles(paths: readonly string[], stateDir: string): void {
  for (const p of paths) {
    if (!isClipboardFile(p, stateDir)) continue;
    rmSync(dirname(p), { recursive: true, force: true });
  }
}

function sweep(dir: string, now: number): void {
  try {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
    }
  } catch {
    /* best effort */
  }
}

/**
 * Read a PNG from the clipboard and save it; returns the file's path. No tool installed: a usage
 * error naming what to install (exit 2). No image on the clipboard: a validation error.
 */
export async function captureClipboard(o: { env: Env; stateDir: string; now: Date; run?: ProgramRunner; platform?: NodeJS.Platform }): Promise<string> {
  const tools = clipboardTools(o.env, o.platform);
  const found = tools.map((t) => ({ t, path: findOnPath(t.program, o.env) })).find((x) => x.path);
  if (!found) throw new UsageError(msg('req.clip.noTool'), { hint: msg('req.clip.noTool.hint'), data: { tools: tools.map((t) => t.name) } });
  const { t, path } = found;
  let res: ProgramResult;
  try {
    res = await (o.run ?? defaultRunner)(path!, t.args, { env: o.env, timeoutMs: 10_000 });
  } catch (e) {
    throw new ValidationError(msg('req.clip.failed', { tool: t.name, reason: (e as Error).message }));
  }
  const bytes = t.decode ? t.decode(res.stdout) : res.stdout;
  const isPng = bytes.length > PNG_MAGIC.length && bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
  if (res.code !== 0 || !isPng) {
    const reason = res.stderr.trim().split('\n')[0] ?? '';
    const empty = res.code === 0 || !reason || /not available|no suitable|nothing is copied|no selection|empty|no image|can't convert|-1700/i.test(reason);
    if (empty) throw new ValidationError(msg('req.clip.empty', { tool: t.name }), { hint: msg('req.clip.empty.hint') });
    throw new ValidationError(msg('req.clip.failed', { tool: t.name, reason }), { hint: msg('req.clip.empty.hint') });
  }
  const root = clipboardDir(o.stateDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  sweep(root, o.now.getTime());
  const dir = join(root, randomBytes(6).toString('hex'));
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, `clipboard-${stamp(o.now)}.png`);
  writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
  return file;
}
