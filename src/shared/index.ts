export { blockScalarHint } from './block-scalar-hint.js';
export { isCi } from './ci.js';
export { clip } from './clip.js';
export { closest, didYouMean, editDistance } from './closest.js';
export { copyInside, UnsafePathError } from './copy-tree.js';
export { errorMessage, InfrastructureError, UserError } from './errors.js';
export { formatBytes, tooLarge } from './file-size.js';
export { MAX_TIMER_MS } from './limits.js';
export {
  describeMachineFault,
  type MachineFault,
  machineFaultMessage,
  machineFaultOf,
  withMachineFix,
} from './machine-fault.js';
export { makeDirs } from './make-dirs.js';
export { packagePath, packageRoot } from './package-root.js';
export { HEAD_BYTES, type OwnedFileKind, readHead, refusalToWrite, writeFileAtomic } from './safe-write.js';
export {
  createRedactor,
  isSecretName,
  MIN_SECRET_LENGTH,
  type Redactor,
  secretsOf,
  withoutSecrets,
} from './secrets.js';
export { packageVersion } from './version.js';
