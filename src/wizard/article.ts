import type { Article } from '../model.js';
import { neutralize } from '../io/sanitize.js';

// Articles read in the terminal: Markdown or HTML turned into readable plain text, wrapped to the
// terminal width, with control sequences from the backend neutralised.

/** Markdown → plain text: headings underlined, emphasis markers dropped, links as "text (url)". */
export function markdownToText(md: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const raw of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push('    ' + raw);
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (h) {
      const text = inline(h[2]);
      if (out.length && out[out.length - 1] !== '') out.push('');
      out.push(h[1].length <= 2 ? text.toUpperCase() : text);
      out.push((h[1].length <= 2 ? '=' : '-').repeat(Math.min(text.length, 60)));
      continue;
    }
    if (/^\s*([-*_])\s*(\1\s*){2,}$/.test(raw)) {
      out.push('─'.repeat(20));
      continue;
    }
    let line = raw.replace(/^(\s*)[*+-]\s+/, '$1• ').replace(/^\s*>\s?/, '│ ');
    line = inline(line);
    out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function inline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, '[image: $1] ($2)')
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_m, text: string, url: string) => (text === url ? url : `${text} (${url})`))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2');
}

export function wrap(text: string, width: number): string {
  if (width < 20) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width || /^\s{4}/.test(line)) return line;
      const indent = /^(\s*(?:• |│ )?)/.exec(line)![1];
      const words = line.slice(indent.length).split(/\s+/);
      const lines: string[] = [];
      let cur = indent;
      for (const w of words) {
        if (cur.trim() && (cur + ' ' + w).length > width) {
          lines.push(cur);
          cur = ' '.repeat(indent.length) + w;
        } else cur = cur.trim() ? `${cur} ${w}` : cur + w;
      }
      if (cur.trim()) lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * `renderMarkdown`, when given, draws a Markdown body for the terminal (io/body.ts); its output is
 * already neutralised. Without it Markdown becomes plain text.
 */
export async function articleToText(a: Article, width = 80, renderMarkdown?: (md: string) => string): Promise<string> {
  const body = a.body ?? a.snippet ?? '';
  let text: string;
  const looksHtml = /<\/?(p|div|h[1-6]|ul|ol|li|br|table|a|strong|em)\b/i.test(body);
  if (a.format === 'html' || (a.format === undefined && looksHtml)) {
    const { convert } = await import('html-to-text');
    text = convert(body, {
      wordwrap: Math.max(40, width),
      selectors: [
        { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
        { selector: 'img', format: 'skip' },
      ],
    });
  } else if (a.format === 'text') {
    text = wrap(body, width);
  } else if (renderMarkdown) {
    text = renderMarkdown(body);
  } else {
    text = wrap(markdownToText(body), width);
  }
  const title = neutralize(a.title.replace(/\r?\n/g, ' '));
  const head = [title, '═'.repeat(Math.min(title.length, width))];
  if (a.url) head.push(neutralize(a.url));
  // Rendered Markdown was neutralised before parsing; neutralising again would show its styling.
  return [...head, '', renderMarkdown && a.format !== 'html' && a.format !== 'text' && !(a.format === undefined && looksHtml) ? text : neutralize(text)].join('\n');
}
