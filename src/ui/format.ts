import type { AttemptVerdict } from '../events/index.js';
import type { Readiness, ScenarioVerdict } from '../report/index.js';

/** One character per verdict, shared by the live view, the summary and the viewer. */
export const VERDICT_MARK: Readonly<Record<AttemptVerdict | ScenarioVerdict, string>> = {
  passed: '✓',
  failed: '✗',
  flaky: '~',
  error: '!',
  blocked: '-',
  skipped: '·',
};

/** Ink colour names per verdict. */
export const VERDICT_COLOR: Readonly<Record<AttemptVerdict | ScenarioVerdict, string>> = {
  passed: 'green',
  failed: 'red',
  flaky: 'yellow',
  error: 'magenta',
  blocked: 'gray',
  skipped: 'gray',
};

export const READINESS_MARK: Readonly<Record<Readiness, string>> = {
  READY: '✓',
  READY_WITH_RISKS: '⚠',
  NOT_READY: '✗',
  UNKNOWN: '?',
};

export const READINESS_COLOR: Readonly<Record<Readiness, string>> = {
  READY: 'green',
  READY_WITH_RISKS: 'yellow',
  NOT_READY: 'red',
  UNKNOWN: 'magenta',
};

/** 850 → "850ms", 12_345 → "12.3s", 83_000 → "1m23s", 3_725_000 → "1h02m". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  }
  const minutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Whole seconds for clocks that tick: 12_345 → "12s", 83_000 → "1m23s". */
export function clock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : duration(s * 1000);
}

/** 950 → "950", 12_345 → "12.3k", 4_500_000 → "4.5M". */
export function count(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** 0.0123 → "$0.0123", 1.5 → "$1.50". */
export function usd(n: number): string {
  return n >= 1 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`;
}

/** 0.75 → "75%"; null → "n/a". */
export function percent(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

/** A score on 0-1 with two decimals; undefined → "–". */
export function score(n: number | undefined): string {
  return n === undefined ? '–' : n.toFixed(2);
}

/** Cuts `text` to `width` columns with an ellipsis (one line: newlines become spaces). */
export function truncate(text: string, width: number): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  if (width <= 0) return '';
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** Pads (or cuts) to exactly `width` columns. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

/** "1 attempt", "3 attempts". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `path` relative to `cwd` when inside it (what a user can paste), else unchanged. */
export function shownPath(path: string, cwd: string | undefined): string {
  if (!cwd) return path;
  const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function textTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
