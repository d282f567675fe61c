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

// The characters no output of ticket ever writes raw, whatever the format: C1 controls (a terminal
// reads U+009B as CSI, the start of an escape sequence), DEL, the bidi overrides and isolates that
// make text read differently from what it is, and the Unicode line separators. Text renderers
// (views.ts) already write them as \uXXXX; JSON and every other path get the same at the stream.
const NEVER_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeNeverRaw(text: string): string {
  return text.replace(NEVER_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The stream as commands see it: text written to it has the characters above escaped (inside JSON
 * strings, \uXXXX is the same value). Bytes (a downloaded file) pass untouched.
 */
export function guardStream<T extends { write: (...a: never[]) => unknown }>(stream: T): T {
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => unknown).call(target, typeof chunk === 'string' ? escapeNeverRaw(chunk) : chunk, ...rest);
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
