import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { run } from '../../../src/cli/main.js';

describe('root help fast path', () => {
  it('the help rendered at build time is what commander prints now', async () => {
    const file = new URL('../../../dist/help.txt', import.meta.url);
    expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const out = Object.assign(new PassThrough(), { isTTY: false, columns: 80 });
    let text = '';
    out.on('data', (c) => (text += c));
    const code = await run(['--help'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env: {} });
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(text).toMatch(/Commands:\n\s+new\s/);
  });

  it('the command tree written at build time (shell completion) is the live one', async () => {
    const file = new URL('../../../dist/completion-tree.json', import.meta.url);
    expect(existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const out = Object.assign(new PassThrough(), { isTTY: false });
    let text = '';
    out.on('data', (c) => (text += c));
    expect(await run(['__tree'], { io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() }, env: {} })).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
