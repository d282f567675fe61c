import { displayWidth, padEnd, truncate, truncateStyled } from './width.js';

// A borderless table in the manner of gh's tableprinter: aligned columns two spaces apart, sized to
// the terminal. One column (the subject) takes what is left; the others keep their natural width
// up to a cap and give way, in a stated order, only when the line would be wider than the screen.
// Cells are plain text; colour is applied to the cut text, so widths are never off by an escape.

export interface Column {
  header: string;
  /** The column that takes the remaining width. */
  flex?: boolean;
  /** Never wider than this (before the flex column gets its share). */
  max?: number;
  /** Never narrower than this while shrinking; below it the column is dropped. */
  min?: number;
  /** Lower numbers give way first when space runs out (the flex column shrinks before any). */
  shrinkOrder?: number;
  /** May be left out entirely when even the minimum widths do not fit. */
  optional?: boolean;
  /** Styling applied to the (already cut, unpadded) cell text. */
  style?: (text: string, row: number) => string;
  align?: 'left' | 'right';
}

const GAP = 2;

export function renderTable(columns: Column[], rows: string[][], width: number, header?: (s: string) => string): string {
  const natural = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  let widths = natural.map((w, i) => Math.min(w, columns[i].max ?? Infinity));
  let visible = columns.map(() => true);
  const total = () => widths.reduce((a, w, i) => a + (visible[i] ? w : 0), 0) + GAP * (visible.filter(Boolean).length - 1);
  const flex = columns.findIndex((c) => c.flex);

  // Shrink: the flex column first, down to its minimum, then the others in shrinkOrder.
  const order = columns
    .map((c, i) => ({ i, o: c.flex ? -1 : (c.shrinkOrder ?? 100) }))
    .sort((a, b) => a.o - b.o)
    .map((x) => x.i);
  for (const i of order) {
    const over = total() - width;
    if (over <= 0) break;
    const min = Math.min(widths[i], columns[i].min ?? displayWidth(columns[i].header));
    widths[i] = Math.max(min, widths[i] - over);
  }
  // Still too wide: drop optional columns, last first.
  for (let i = columns.length - 1; i >= 0 && total() > width; i--) if (columns[i].optional) visible[i] = false;
  // The flex column gets whatever is left (never more than it needs).
  if (flex >= 0 && visible[flex]) {
    const spare = width - total();
    if (spare > 0) widths[flex] = Math.min(natural[flex], widths[flex] + spare);
  }
  const lines: string[] = [];
  const fmt = (cells: string[], styler: (text: string, i: number) => string) => {
    const parts: string[] = [];
    const last = lastVisible(visible);
    columns.forEach((c, i) => {
      if (!visible[i]) return;
      const cut = truncate(cells[i] ?? '', widths[i]);
      const styled = styler(cut, i);
      if (i === last) parts.push(c.align === 'right' ? ' '.repeat(Math.max(0, widths[i] - displayWidth(cut))) + styled : styled);
      else if (c.align === 'right') parts.push(' '.repeat(Math.max(0, widths[i] - displayWidth(cut))) + styled);
      else parts.push(padEnd(styled, widths[i]));
    });
    // The guarantee: whatever the data, no line is wider than the terminal.
    return truncateStyled(parts.join(' '.repeat(GAP)).trimEnd(), width);
  };
  lines.push(fmt(columns.map((c) => c.header), (s) => (header ? header(s) : s)));
  rows.forEach((r, ri) => lines.push(fmt(r, (s, i) => (columns[i].style ? columns[i].style!(s, ri) : s))));
  widths = [];
  visible = [];
  return lines.join('\n');
}

function lastVisible(v: boolean[]): number {
  for (let i = v.length - 1; i >= 0; i--) if (v[i]) return i;
  return -1;
}
