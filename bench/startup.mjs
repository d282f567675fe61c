// `ticket --version` and `ticket --help` against bare `node -e 0`, measured side by side.
// Target (issue 2): each ≤ 1.3× node -e 0.
import { compare } from './lib.mjs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/ticket.js', import.meta.url));
const runs = Number(process.env.RUNS ?? 30);
const r = compare(
  [
    ['node -e 0', 'node', ['-e', '0']],
    ['ticket --version', 'node', [bin, '--version']],
    ['ticket --help', 'node', [bin, '--help']],
  ],
  runs,
);
const base = r['node -e 0'].median;
for (const k of ['ticket --version', 'ticket --help']) console.log(`${k}: ${(r[k].median / base).toFixed(2)}× node -e 0`);
