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
  /**
   * What this column gives up when the line is too wide: at step `at` (all columns' steps run in
   * order, lowest first, until the line fits) it shrinks to `min` columns, or is left out (`drop`).
   */
  steps?: { at: number; min?: number; drop?: boolean }[];
  /** Styling applied to the (already cut, unpadded) cell text. */
  style?: (text: string, row: number) => string;
  align?: 'left' | 'right';
}

const GAP = 2;

export function renderTable(columns: Column[], rows: string[][], width: number, header?: (s: string) => string): string {
  const natural = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const widths = natural.map((w, i) => Math.min(w, columns[i].max ?? Infinity));
  const visible = columns.map(() => true);
  const total = () => widths.reduce((a, w, i) => a + (visible[i] ? w : 0), 0) + GAP * (visible.filter(Boolean).length - 1);
  const flex = columns.findIndex((c) => c.flex);
  const steps = columns
    .flatMap((c, i) => (c.steps ?? []).map((st) => ({ ...st, i })))
    .sort((a, b) => a.at - b.at);
  for (const st of steps) {
    const over = total() - width;
    if (over <= 0) break;
    if (st.drop) visible[st.i] = false;
    else widths[st.i] = Math.max(Math.min(widths[st.i], st.min ?? 1), widths[st.i] - over);
  }
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
  return lines.join('\n');
}

function lastVisible(v: boolean[]): number {
  for (let i = v.length - 1; i >= 0; i--) if (v[i]) return i;
  return -1;
}
