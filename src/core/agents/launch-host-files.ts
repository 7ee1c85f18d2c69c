import { existsSync } from 'node:fs';
import { packagePath } from '../../shared/index.js';

/** bin/launch-host.cjs of this package (found from src/, dist/ and the CLI bundle alike). */
export const NODE_LAUNCH_HOST_PATH = packagePath('bin/launch-host.cjs');

/**
 * The native host built for this platform by `npm run build` (scripts/build-native-host.mjs), absent
 * where no C compiler was found.
 */
export const NATIVE_LAUNCH_HOST_PATH = packagePath(
  `dist/native/launch-host-${process.platform}-${process.arch}`,
);

/** @throws when a launch host's file is missing, saying how to get it. */
export function requireHost(path: string): void {
  if (existsSync(path)) return;
  throw new Error(
    path === NATIVE_LAUNCH_HOST_PATH
      ? `obra-validate: the native launch host ${path} is missing; build it with \`npm run build\` (it needs a C compiler, cc), or set OBRA_LAUNCH_HOST=node`
      : `obra-validate: the launch host ${path} is missing; reinstall the package (npm ci) or pass the direct launcher`,
  );
}
