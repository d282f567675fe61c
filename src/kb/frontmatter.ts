// The front matter of a KB article: the small YAML subset the shipped articles use (docs/local-backend.md).
//   ---
//   id: printer-offline
//   title: "Printer shows offline"
//   lang: en
//   category: IT
//   tags: [printer, imprimante]      (or a block list of "- item" lines)
//   ---

export interface FrontMatter {
  attrs: Record<string, string | string[]>;
  body: string;
}

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) {
    const inner = s.slice(1, -1);
    return s.startsWith('"') ? inner.replace(/\\"/g, '"').replace(/\\\\/g, '\\') : inner.replace(/''/g, "'");
  }
  return s;
}

function inlineList(v: string): string[] {
  return v
    .slice(1, -1)
    .split(',')
    .map((x) => unquote(x))
    .filter((x) => x !== '');
}

export function parseFrontMatter(text: string): FrontMatter {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(src);
  if (!m) return { attrs: {}, body: src };
  const attrs: Record<string, string | string[]> = {};
  let listKey: string | null = null;
  for (const raw of m[1].split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (attrs[listKey] as string[]).push(unquote(item[1]));
      continue;
    }
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1];
    const val = kv[2].trim();
    if (val === '') {
      attrs[key] = [];
      listKey = key;
    } else if (val.startsWith('[') && val.endsWith(']')) {
      attrs[key] = inlineList(val);
      listKey = null;
    } else {
      attrs[key] = unquote(val);
      listKey = null;
    }
  }
  return { attrs, body: src.slice(m[0].length) };
}
