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
