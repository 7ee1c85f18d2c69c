import { type FigureResult, NOISY_STEAL } from './figure.js';

/**
 * The benchmark table: figure, median, spread (min–max and %), target, met?, and the CPU the
 * hypervisor stole meanwhile (over the figure; the worst run), with a `!` above NOISY_STEAL. Pure.
 */
export function formatTable(results: readonly FigureResult[]): string {
  const rows = [
    ['#', 'figure', 'median', 'spread (min–max)', 'target', 'met?', 'steal (worst run)'],
    ...results.map((r) => [
      r.id,
      r.name,
      r.summary ? `${fmt(r.summary.median)} ${r.unit}` : '—',
      r.summary
        ? `${fmt(r.summary.min)}–${fmt(r.summary.max)} (±${(r.summary.spread * 50).toFixed(0)}%, n=${r.summary.samples.length})`
        : clip(r.note ?? '—', 70),
      r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : '—',
      r.met === undefined ? (r.summary ? 'info' : '—') : r.met ? 'yes' : 'NO',
      stealCell(r.steal),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join('  ')
      .trimEnd();
  const table = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  if (results.some((r) => isNoisy(r.steal))) {
    table.push(
      '',
      `! the hypervisor took more than ${NOISY_STEAL * 100}% of the CPU during this figure (or one of its runs): its ratios carry that noise; judge it by a rerun`,
    );
  }
  return table.join('\n');
}

function isNoisy(steal: FigureResult['steal']): boolean {
  return steal !== undefined && Math.max(steal.share, steal.maxRun ?? 0) > NOISY_STEAL;
}

function stealCell(steal: FigureResult['steal']): string {
  if (!steal) return '—';
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
  const worst = steal.maxRun === undefined ? '' : ` (${percent(steal.maxRun)})`;
  return `${percent(steal.share)}${worst}${isNoisy(steal) ? ' !' : ''}`;
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
