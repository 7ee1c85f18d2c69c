/** Small text helpers for titles and messages. Pure. */

const MAX_QUOTED = 80;

/** A value as it reads in a message: JSON-quoted, shortened. */
export function quote(text: string, max = MAX_QUOTED): string {
  return shorten(JSON.stringify(text), max);
}

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** `a, b, c` or `a, b, c and 7 more` (at most `max` items shown). */
export function listSome(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** `1 test`, `3 tests`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** The last non-empty line of a text, shortened (for "last output: ..." in messages). */
export function lastLine(text: string, max = 200): string {
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]) return shorten(lines[i]!, max);
  return '';
}

/** Single-quoted for sh: safe for any path. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** JSON with object keys sorted at every level, so two equal values always print the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  return value;
}
