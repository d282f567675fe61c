// HTML bodies (Zendesk comments and articles, Freshdesk conversations and solutions) rendered as
// plain text. html-to-text is loaded only when a body actually needs it.

let convertFn: ((html: string, opts?: object) => string) | null = null;

export async function htmlToText(html: string | null | undefined): Promise<string> {
  if (!html) return '';
  if (!/[<&]/.test(html)) return html;
  if (!convertFn) {
    const mod = await import('html-to-text');
    convertFn = mod.convert as (html: string, opts?: object) => string;
  }
  return convertFn(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

/** Search snippets: `<em>` marks the match; keep the words, drop the markup. */
export async function snippetToText(html: string | null | undefined): Promise<string> {
  const text = await htmlToText(html);
  return text.replace(/\s+/g, ' ').trim();
}
