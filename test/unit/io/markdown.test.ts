import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { renderMarkdown, supportsHyperlinks } from '../../../src/io/markdown.js';
import { runCli } from '../../helpers/run-cli.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';

const plain = new Chalk({ level: 0 });
const color = new Chalk({ level: 1 });
const MD = '# Reset a password\n\nOpen **Settings** then _Security_ and run `reset --all`.\n\n- first step\n- second [guide](https://help.example.com/reset)\n  1. nested\n\n> quoted\n\n```\ncode **not bold**\n```\n';

describe('Markdown on a terminal', () => {
  it('renders headings, emphasis, lists, code and links without the Markdown syntax', () => {
    const out = renderMarkdown(MD, { width: 80, c: plain, hyperlinks: false });
    expect(out).toMatch(/^Reset a password\n═+/);
    expect(out).toContain('Open Settings then Security and run reset --all.');
    expect(out).toMatch(/^• first step$/m);
    expect(out).toMatch(/^• second guide \(https:\/\/help\.example\.com\/reset\)$/m);
    expect(out).toMatch(/^ {2}1\. nested$/m);
    expect(out).toMatch(/^│ quoted$/m);
    expect(out).toMatch(/^ {4}code \*\*not bold\*\*$/m);
    expect(out).not.toMatch(/\*\*Settings|^#|`reset/m);
  });

  it('styles with colour, and links become OSC 8 hyperlinks only when asked', () => {
    const styled = renderMarkdown(MD, { width: 80, c: color, hyperlinks: true });
    expect(styled).toContain('\u001b[1mSettings\u001b[22m');
    expect(styled).toContain('\u001b]8;;https://help.example.com/reset\u001b\\');
    const noLinks = renderMarkdown(MD, { width: 80, c: color, hyperlinks: false });
    expect(noLinks).not.toContain('\u001b]8;;');
    // Only web and mail links are made clickable.
    expect(renderMarkdown('[x](javascript:alert(1))', { width: 80, c: color, hyperlinks: true })).not.toContain('\u001b]8;;');
  });

  it('neutralises remote control sequences before rendering', () => {
    const evil = 'Title \u001b]0;pwned\u0007 **bold** \u001b[2J and &#27;[31m and [a](https://x.example/\u001b[2J)';
    const out = renderMarkdown(evil, { width: 80, c: color, hyperlinks: true });
    expect(out).toContain('^[]0;pwned^G');
    expect(out).toContain('^[[2J');
    // What remains are only our own SGR styles and well-formed links.
    const stripped = out.replace(/\u001b\[[0-9;]*m/g, '').replace(/\u001b\]8;;[\x21-\x7e]*\u001b\\/g, '');
    expect(stripped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('wraps paragraphs to the width, wide characters counted as two columns', () => {
    const out = renderMarkdown('打印机 '.repeat(40), { width: 40, c: plain, hyperlinks: false });
    for (const line of out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(40);
  });

  it('detects hyperlink support from the environment, never when piped or in CI', () => {
    expect(supportsHyperlinks({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4.0' }, true)).toBe(true);
    expect(supportsHyperlinks({ VTE_VERSION: '6003' }, true)).toBe(true);
    expect(supportsHyperlinks({ VTE_VERSION: '6003' }, false)).toBe(false);
    expect(supportsHyperlinks({ VTE_VERSION: '6003', CI: 'true' }, true)).toBe(false);
    expect(supportsHyperlinks({ TERM: 'xterm' }, true)).toBe(false);
    expect(supportsHyperlinks({ FORCE_HYPERLINK: '1' }, false)).toBe(true);
  });

  it('`show` renders bodies on a terminal, raw when piped, with --raw or --json', async () => {
    const b = new MemoryBackend();
    b.seed({ subject: 'Printer' });
    await b.reply('1', { body: 'Try **this**:\n\n- unplug it\n- plug it back', attachments: [], public: true });
    const tty = await runCli(['show', '1'], { backend: b, tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toContain('Try this:');
    expect(tty.stdout).toMatch(/^• unplug it$/m);
    const raw = await runCli(['show', '1', '--raw'], { backend: b, tty: true, env: { NO_COLOR: '1' } });
    expect(raw.stdout).toContain('Try **this**:');
    const piped = await runCli(['show', '1'], { backend: b });
    expect(piped.stdout).toContain('Try **this**:');
    const json = await runCli(['show', '1', '--json'], { backend: b, tty: true });
    expect(JSON.parse(json.stdout).comments[0].body).toBe('Try **this**:\n\n- unplug it\n- plug it back');
  });

  it('`kb show` renders the article on a terminal and prints it as stored when piped', async () => {
    const b = new MemoryBackend();
    b.articles = [{ id: 'a1', title: 'VPN', snippet: '', url: null, locale: null, format: 'markdown', body: '## Connect\n\nRun **vpn up**.' }];
    const tty = await runCli(['kb', 'show', 'a1'], { backend: b, tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toMatch(/Connect\n─+\n\nRun vpn up\./);
    const piped = await runCli(['kb', 'show', 'a1'], { backend: b });
    expect(piped.stdout).toContain('## Connect');
    expect(piped.stdout).toContain('**vpn up**');
  });
});
