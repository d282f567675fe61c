// Text from a backend (subjects, bodies, names) may carry terminal control sequences: an ESC that
// clears the screen, rewrites the title bar or hides text. Before printing we make every control
// character visible in caret notation, keeping only newline and tab.

// C0 controls except \t (0x09) and \n (0x0a), DEL, C1 controls, and the Unicode bidi overrides
// that can make printed text read differently from what it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function neutralize(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x0d) return ''; // a bare CR would let text overwrite the line; CRLF becomes LF
    if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
    if (code === 0x7f) return '^?';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Single-line variant for table cells and headers. */
export function neutralizeLine(text: string): string {
  return neutralize(text.replace(/\r?\n/g, ' '));
}

// In JSON, C0 controls are escaped by JSON.stringify already; C1 controls (U+0080–U+009F, among them
// the 8-bit CSI U+009B), the bidi overrides and isolates, zero-width and line/paragraph separators
// are not, and a terminal or an editor showing the output acts on them. Escaping them keeps the
// JSON identical in value.
const JSON_UNSAFE = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** JSON.stringify, with every character a terminal could act on escaped as \uXXXX. */
export function safeJson(value: unknown, indent?: number): string {
  const s = JSON.stringify(value, null, indent);
  return s === undefined ? s : s.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
