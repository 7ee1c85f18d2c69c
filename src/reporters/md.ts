/** Markdown helpers for report.md: text that cannot break the layout, and tables. */

/** ANSI escape sequences (colours from captured output). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One line of inline text: no ANSI codes or controls, HTML-like text shown as written, pipes escaped. */
export function mdText(value: string): string {
  return value
    .replace(ANSI, '')
    .replace(/\r?\n|\r|\t/g, ' ')
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .trim();
}

/** An inline code span (paths, commands): backticks inside become quotes, pipes escaped for tables. */
export function mdCode(value: string): string {
  return `\`${value.replace(ANSI, '').replace(CONTROL, '').replace(/\s+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** A table: a header row, the alignment row, then the rows (cells already escaped). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `3 findings`, `1 finding`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Seconds with one decimal. */
export const secondsText = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
