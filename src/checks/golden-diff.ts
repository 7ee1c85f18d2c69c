import { shorten } from './text.js';

/** CRLF → LF: the only normalisation a golden comparison makes. */
export const normalizeNewlines = (text: string): string => text.replaceAll('\r\n', '\n');

const CONTEXT = 2;
const MAX_LINE = 200;

function show(prefix: string, line: string): string {
  return `${prefix} ${line === '' ? '(empty line)' : shorten(line, MAX_LINE)}`;
}

/**
 * A unified-ish excerpt of the first difference between two texts: the common head and tail are
 * trimmed, the differing lines shown as `-` (expected) and `+` (actual) with a little context, at most
 * `maxLines` of each. Pure; meant for a message, not for patching.
 */
export function diffExcerpt(expected: string, actual: string, maxLines = 8): string {
  const a = normalizeNewlines(expected).split('\n');
  const b = normalizeNewlines(actual).split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const out = [`@@ line ${head + 1} @@`];
  for (const line of a.slice(Math.max(0, head - CONTEXT), head)) out.push(show(' ', line));
  for (const line of removed.slice(0, maxLines)) out.push(show('-', line));
  if (removed.length > maxLines) out.push(`- … ${removed.length - maxLines} more expected lines`);
  for (const line of added.slice(0, maxLines)) out.push(show('+', line));
  if (added.length > maxLines) out.push(`+ … ${added.length - maxLines} more actual lines`);
  const after = a[a.length - tail];
  if (tail > 0 && after !== undefined) out.push(show(' ', after));
  return out.join('\n');
}
