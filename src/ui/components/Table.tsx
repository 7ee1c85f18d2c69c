import { Box, Text } from 'ink';

export interface TableProps {
  head: readonly string[];
  rows: readonly (readonly string[])[];
  /** Right-aligned columns (numbers). */
  right?: readonly number[];
  /** Colour of a cell, by row and column (undefined: default). */
  color?: (row: number, col: number) => string | undefined;
  /** Left margin. */
  indent?: number;
}

/** A plain table: each column as wide as its widest cell, two spaces apart, the head dimmed. */
export function Table({ head, rows, right = [], color, indent = 2 }: TableProps) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) =>
    right.includes(i) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: readonly string[], row: number) => (
    <Box key={row} marginLeft={indent}>
      {cells.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
        <Text key={i} color={row >= 0 ? color?.(row, i) : undefined} dimColor={row < 0} wrap="truncate">
          {pad(c, i)}
          {i < cells.length - 1 ? '  ' : ''}
        </Text>
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column">
      {line(head, -1)}
      {rows.map((r, i) => line(r, i))}
    </Box>
  );
}
