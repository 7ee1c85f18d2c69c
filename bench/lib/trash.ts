import { mkdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';

let seq = 0;

/**
 * Sets a finished run's folder aside inside the scratch folder instead of deleting it; bench/run.ts
 * deletes the scratch folder once every figure is measured. On ext4, deleting thousands of files makes
 * every file created in the next minutes dearer: the inode allocator skips inodes freed in the last
 * 60-300 s and reads each one's table block to find out (`recently_deleted` under `__ext4_new_inode` in
 * `perf`: 0.35-1.3 ms per create in that state, 30 µs otherwise). A figure measured after another
 * figure's cleanup would pay for it, the harness (two files per call: the agent's and its stdout log)
 * more than a bare loop (one). A rename frees no inode.
 */
export function discard(path: string, scratch: string): void {
  const trash = join(scratch, '.trash');
  mkdirSync(trash, { recursive: true });
  renameSync(path, join(trash, `${++seq}-${basename(path)}`));
}
