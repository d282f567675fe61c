import { Lexer, type Token, type Tokens } from 'marked';
import type { ChalkInstance } from 'chalk';
import { neutralize } from './sanitize.js';
import { displayWidth, padEnd } from './width.js';

// Markdown bodies rendered for a terminal: headings, lists, emphasis, code, quotes, tables, rules,
// and links as OSC 8 hyperlinks where the terminal supports them ("text (url)" elsewhere). marked
// parses (a maintained CommonMark/GFM lexer, Node ≥ 20, ~20 ms to load, imported only here and
// only when a body is rendered); the drawing is ours, so widths, colour and escapes stay under the
// Context's control. Remote text is neutralised *before* parsing: the only escape sequences in the
// output are the ones written here.

export interface MarkdownOptions {
  width: number;
  /** Colour painter (level 0 when colour is off: structure stays, styling goes). */
  c: ChalkInstance;
  /** Emit OSC 8 hyperlinks. */
  hyperlinks: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
    if (ENTITIES[e.toLowerCase()]) return ENTITIES[e.toLowerCase()];
    if (/^#x/i.test(e)) return safeChar(parseInt(e.slice(2), 16)) ?? m;
    if (e.startsWith('#')) return safeChar(Number(e.slice(1))) ?? m;
    return m;
  });
// A numeric reference must not smuggle in a control character the neutraliser already removed.
const safeChar = (n: number): string | null => (n >= 0x20 && n !== 0x7f && !(n >= 0x80 && n < 0xa0) && n <= 0x10ffff ? neutralize(String.fromCodePoint(n)) : null);

/** Does this terminal understand OSC 8 hyperlinks? (What supports-hyperlinks checks, on our env.) */
export function supportsHyperlinks(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.FORCE_HYPERLINK !== undefined) return env.FORCE_HYPERLINK !== '0' && env.FORCE_HYPERLINK !== 'false';
  if (!isTTY || env.CI || env.TERM === 'dumb') return false;
  if (env.TMUX || /^screen/.test(env.TERM ?? '')) return false; // multiplexers may drop or garble them
  if (env.WT_SESSION || env.KITTY_WINDOW_ID || env.DOMTERM || env.KONSOLE_VERSION || env.WEZTERM_PANE) return true;
  if (env.TERM === 'xterm-kitty' || env.TERM === 'xterm-ghostty' || env.TERM === 'alacritty') return true;
  const vte = Number(env.VTE_VERSION ?? '');
  if (vte >= 5000) return true;
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app': {
      const [maj, min] = (env.TERM_PROGRAM_VERSION ?? '0.0').split('.').map(Number);
      return maj > 3 || (maj === 3 && min >= 1);
    }
    case 'WezTerm':
    case 'vscode':
    case 'ghostty':
    case 'Hyper':
      return true;
  }
  return false;
}

/** Only web and mail links become clickable; a URL is made of printable ASCII, nothing else. */
function linkTarget(href: string): string | null {
  const h = href.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(h) || /[^\x21-\x7e]/.test(h)) return null;
  return h;
}

export function renderMarkdown(source: string, o: MarkdownOptions): string {
  const md = neutralize(source.replace(/\r\n?/g, '\n'));
  const tokens = new Lexer({ gfm: true }).lex(md);
  const out = blocks(tokens, o, Math.max(20, o.width));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function blocks(tokens: Token[], o: MarkdownOptions, width: number): string[] {
  const lines: string[] = [];
  const gap = () => {
    if (lines.length && lines[lines.length - 1] !== '') lines.push('');
  };
  const { c } = o;
  for (const tk of tokens) {
    const t = tk as Tokens.Generic;
    switch (t.type) {
      case 'space':
        break;
      case 'heading': {
        gap();
        const text = inline((t as Tokens.Heading).tokens, o);
        const depth = (t as Tokens.Heading).depth;
        lines.push(...wrap(depth <= 2 ? c.bold.underline(text) : c.bold(text), width));
        if (c.level === 0 && depth <= 2) lines.push((depth === 1 ? '═' : '─').repeat(Math.min(displayWidth(text), width)));
        lines.push('');
        break;
      }
      case 'paragraph':
        gap();
        lines.push(...wrap(inline((t as Tokens.Paragraph).tokens, o), width));
        lines.push('');
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        lines.push(...wrap(tt.tokens ? inline(tt.tokens, o) : decode(tt.text), width));
        break;
      }
      case 'code': {
        gap();
        for (const l of (t as Tokens.Code).text.split('\n')) lines.push('    ' + c.cyan(l));
        lines.push('');
        break;
      }
      case 'blockquote': {
        gap();
        for (const l of blocks((t as Tokens.Blockquote).tokens, o, width - 2)) lines.push(c.dim('│ ') + c.italic(l));
        while (lines.length && /^(\u001b\[[0-9;]*m)*│ (\u001b\[[0-9;]*m)*$/.test(lines[lines.length - 1])) lines.pop();
        lines.push('');
        break;
      }
      case 'list': {
        const list = t as Tokens.List;
        if (!lines.length || lines[lines.length - 1] !== '') {
          /* a list right after a paragraph line keeps its blank line from the paragraph */
        }
        let n = typeof list.start === 'number' ? list.start : 1;
        for (const item of list.items) {
          const marker = list.ordered ? `${n++}.` : item.task ? (item.checked ? '☑' : '☐') : '•';
          const pad = ' '.repeat(displayWidth(marker) + 1);
          const body = blocks(item.tokens, o, width - pad.length).filter((l, i, a) => !(l === '' && (i === a.length - 1 || !list.loose)));
          body.forEach((l, i) => lines.push(i === 0 ? `${c.dim(marker)} ${l}` : l ? pad + l : ''));
          if (!body.length) lines.push(c.dim(marker));
        }
        lines.push('');
        break;
      }
      case 'hr':
        gap();
        lines.push(c.dim('─'.repeat(Math.min(width, 40))));
        lines.push('');
        break;
      case 'table': {
        gap();
        const tb = t as Tokens.Table;
        const cells = [tb.header.map((h) => inline(h.tokens, o)), ...tb.rows.map((r) => r.map((x) => inline(x.tokens, o)))];
        const widths = tb.header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
        cells.forEach((r, ri) => {
          lines.push(r.map((x, i) => (ri === 0 ? c.bold(padEnd(x, widths[i])) : padEnd(x, widths[i]))).join('  ').trimEnd());
          if (ri === 0) lines.push(c.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
        });
        lines.push('');
        break;
      }
      case 'html':
        lines.push(...wrap(decode((t as Tokens.HTML).text.replace(/<[^>]*>/g, '')).trim(), width).filter(Boolean));
        break;
      case 'def':
        break;
      default:
        if (typeof t.raw === 'string') lines.push(...wrap(t.raw.trim(), width));
    }
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function inline(tokens: Token[] | undefined, o: MarkdownOptions): string {
  const { c } = o;
  let s = '';
  for (const tk of tokens ?? []) {
    const t = tk as Tokens.Generic;
    switch (t.type) {
      case 'text':
        s += (t as Tokens.Text).tokens ? inline((t as Tokens.Text).tokens, o) : decode((t as Tokens.Text).text);
        break;
      case 'escape':
        s += (t as Tokens.Escape).text;
        break;
      case 'strong':
        s += c.bold(inline((t as Tokens.Strong).tokens, o));
        break;
      case 'em':
        s += c.italic(inline((t as Tokens.Em).tokens, o));
        break;
      case 'del':
        s += c.strikethrough(inline((t as Tokens.Del).tokens, o));
        break;
      case 'codespan':
        s += c.cyan(decode((t as Tokens.Codespan).text));
        break;
      case 'br':
        s += '\n';
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const text = inline(l.tokens, o) || l.href;
        const target = linkTarget(l.href);
        const plainText = text.replace(/\u001b\[[0-9;]*m/g, '');
        if (target && o.hyperlinks) s += `\u001b]8;;${target}\u001b\\${c.underline(text)}\u001b]8;;\u001b\\`;
        else if (plainText === l.href || `mailto:${plainText}` === l.href) s += c.underline(text);
        else s += `${c.underline(text)} ${c.dim(`(${l.href})`)}`;
        break;
      }
      case 'image': {
        const im = t as Tokens.Image;
        s += c.dim(`[image: ${im.text || im.href}]`) + (im.href ? ` ${c.dim(`(${im.href})`)}` : '');
        break;
      }
      case 'html':
        s += /^<br\s*\/?>$/i.test((t as Tokens.HTML).text.trim()) ? '\n' : '';
        break;
      default:
        s += typeof t.raw === 'string' ? t.raw : '';
    }
  }
  return s;
}

/** Word-wrap styled text to `width` columns (escape sequences take no room). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (displayWidth(para) <= width) {
      out.push(para);
      continue;
    }
    let cur = '';
    let curW = 0;
    for (const word of para.split(/ +/)) {
      const w = displayWidth(word);
      if (curW && curW + 1 + w > width) {
        out.push(cur);
        cur = word;
        curW = w;
      } else {
        cur = curW || cur ? `${cur} ${word}` : word;
        curW += (curW ? 1 : 0) + w;
      }
    }
    out.push(cur);
  }
  return out;
}
