import type { WorkspaceChange, WorkspaceSnapshot } from '../snapshot.js';

/** What changed between two snapshots, sorted by path. */
export function diffSnapshots(before: WorkspaceSnapshot, after: WorkspaceSnapshot): WorkspaceChange[] {
  const changes: WorkspaceChange[] = [];
  for (const [path, stamp] of after) {
    const old = before.get(path);
    if (!old) changes.push({ path, changeType: 'created', hashAfter: stamp.sha256 });
    else if (old.sha256 !== stamp.sha256) {
      changes.push({ path, changeType: 'modified', hashBefore: old.sha256, hashAfter: stamp.sha256 });
    }
  }
  for (const [path, stamp] of before) {
    if (!after.has(path)) changes.push({ path, changeType: 'deleted', hashBefore: stamp.sha256 });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}
