import type { FigureResult } from './figure.js';

/** The benchmark table: figure, median, spread (min–max and %), target, met?. Pure. */
export function formatTable(results: readonly FigureResult[]): string {
  const rows = [
    ['#', 'figure', 'median', 'spread (min–max)', 'target', 'met?'],
    ...results.map((r) => [
      r.id,
      r.name,
      r.summary ? `${fmt(r.summary.median)} ${r.unit}` : '—',
      r.summary
        ? `${fmt(r.summary.min)}–${fmt(r.summary.max)} (±${(r.summary.spread * 50).toFixed(0)}%, n=${r.summary.samples.length})`
        : clip(r.note ?? '—', 70),
      r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : '—',
      r.met === undefined ? (r.summary ? 'info' : '—') : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
