import type { Context } from '../context/index.js';
import { neutralizeLine } from './sanitize.js';
import { truncate } from './width.js';

/** A one-line progress bar on stderr (terminal only), redrawn at most ten times a second. */
export function progressBar(ctx: Context, label: string, total: number | null) {
  const err = ctx.io.stderr;
  const width = Math.max(40, err.columns ?? 80);
  const name = truncate(neutralizeLine(label), Math.min(30, width - 40));
  let last = 0;
  const draw = (n: number) => {
    const mb = (x: number) => (x / 1048576).toFixed(1);
    if (total) {
      const frac = Math.min(1, n / total);
      const cells = Math.max(10, width - name.length - 28);
      const full = Math.round(frac * cells);
      err.write(`\r${name} [${'█'.repeat(full)}${' '.repeat(cells - full)}] ${String(Math.round(frac * 100)).padStart(3)}% ${mb(n)}/${mb(total)} MB`);
    } else err.write(`\r${name} ${mb(n)} MB`);
  };
  return {
    update(n: number) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(n);
    },
    done() {
      err.write('\r\u001b[2K');
    },
  };
}
