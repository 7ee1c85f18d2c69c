export {
  diffSnapshots,
  type FileStamp,
  snapshotWorkspace,
  type WorkspaceChange,
  type WorkspaceSnapshot,
} from './snapshot.js';
