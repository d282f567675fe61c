import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

type Env = Record<string, string | undefined>;

/** The system's URL opener: $BROWSER, else open (macOS), start (Windows), xdg-open (elsewhere). */
export function opener(env: Env, platform: NodeJS.Platform = process.platform): { cmd: string; args: string[] } | null {
  if (env.BROWSER && env.BROWSER.trim()) {
    const [cmd, ...args] = env.BROWSER.trim().split(/\s+/);
    return onPath(cmd, env.PATH) ? { cmd, args } : null;
  }
  if (platform === 'darwin') return { cmd: 'open', args: [] };
  if (platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', '""'] };
  // Without a display there is no browser to open in (an SSH session, a container).
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return onPath('xdg-open', env.PATH) ? { cmd: 'xdg-open', args: [] } : null;
}

function onPath(program: string, path: string | undefined): boolean {
  if (program.includes('/')) {
    try {
      accessSync(program, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return (path ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Start the opener on `url`, detached; false when there is none or it could not be started. */
export async function openInBrowser(url: string, env: Env): Promise<boolean> {
  const o = opener(env);
  if (!o) return false;
  const { spawn } = await import('node:child_process');
  return new Promise<boolean>((resolve) => {
    try {
      const child = spawn(o.cmd, [...o.args, url], { detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
