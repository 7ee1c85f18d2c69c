export { isCi } from './ci.js';
export { closest, didYouMean, editDistance } from './closest.js';
export { copyInside, UnsafePathError } from './copy-tree.js';
export { errorMessage, InfrastructureError, UserError } from './errors.js';
export { formatBytes, tooLarge } from './file-size.js';
export { packagePath, packageRoot } from './package-root.js';
export {
  createRedactor,
  isSecretName,
  MIN_SECRET_LENGTH,
  type Redactor,
  secretsOf,
  withoutSecrets,
} from './secrets.js';
export { packageVersion } from './version.js';
