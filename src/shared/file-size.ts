import { statSync } from 'node:fs';

/** `1.5 MB`, `512 KB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Why the file at `path` is too large to read as `what` (checked with stat, before reading), or
 * undefined when it fits (or cannot be stat'ed: the read that follows reports that).
 */
export function tooLarge(path: string, maxBytes: number, what: string): string | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  return size > maxBytes
    ? `is ${formatBytes(size)}; ${what} may be at most ${formatBytes(maxBytes)}`
    : undefined;
}
