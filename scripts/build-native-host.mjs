// Builds the native launch host (native/launch-host.c) for this platform into dist/native/, with the
// system's C compiler (Linux only). Part of `npm run build`. Without a compiler it says so and exits 0: runs then use
// the Node launch host (bin/launch-host.cjs), and say so (src/core/agents/launch-host.ts).
//   node scripts/build-native-host.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'launch-host.c');
const target = join(root, 'dist', 'native', `launch-host-${process.platform}-${process.arch}`);
const compiler = process.env.CC || 'cc';

mkdirSync(dirname(target), { recursive: true });
rmSync(target, { force: true });
if (process.platform !== 'linux') {
  // The source uses Linux's pipe2 and glibc's posix_spawn_file_actions_addchdir_np.
  console.warn(
    `build-native-host: the native launch host is built on Linux only: runs on ${process.platform} use the Node launch host.`,
  );
  process.exit(0);
}
const built = spawnSync(compiler, ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-o', target, source], {
  stdio: 'inherit',
});
if (built.error && built.error.code === 'ENOENT') {
  console.warn(
    `build-native-host: no C compiler (${compiler}) found: runs will use the Node launch host (each agent spawn costs about 1 ms more; docs/PERFORMANCE.md). Install one (e.g. apt-get install gcc) and run npm run build to build it.`,
  );
} else if (built.status !== 0) {
  console.error(`build-native-host: ${compiler} failed on ${source} (exit ${built.status ?? built.signal})`);
  process.exit(1);
}
