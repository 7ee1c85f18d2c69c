import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AttemptContext } from './context.js';

/** Evidence files are bounded: the head and the tail are kept, the middle is cut with a note. */
export const MAX_EVIDENCE_BYTES = 256 * 1024;

/** At most `maxBytes` of UTF-8 (head and tail halves, with a note in between when cut). Pure. */
export function boundText(text: string, maxBytes = MAX_EVIDENCE_BYTES): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const half = Math.floor(maxBytes / 2);
  const cut = bytes.length - 2 * half;
  return `${bytes.subarray(0, half).toString('utf8')}\n[... ${cut} bytes cut by obra-validate ...]\n${bytes
    .subarray(bytes.length - half)
    .toString('utf8')}`;
}

/** `<attemptDir>/checks`: where declared checks keep their evidence. */
export function checksDir(ctx: AttemptContext): string {
  return join(ctx.attemptDir, 'checks');
}

/** Writes a bounded evidence file (creating its folder) and returns its absolute path. */
export function writeEvidence(path: string, content: string, maxBytes = MAX_EVIDENCE_BYTES): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, boundText(content, maxBytes));
  return path;
}
