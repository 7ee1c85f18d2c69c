// Removes compiled files in dist/ whose source is gone from src/ (a module moved or deleted): tsc's
// incremental build writes outputs but never deletes them, and a stale file would ship in the package.
// Part of `npm run build`; dist/cli-bundle and dist/native have their own builders and are left alone.
//   node scripts/prune-dist.mjs
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const own = new Set([join(dist, 'cli-bundle'), join(dist, 'native')]);
const outputs = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

const removed = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!own.has(path)) walk(path);
      continue;
    }
    const match = outputs.exec(entry.name);
    if (match === null) continue;
    const stem = join(root, 'src', relative(dist, path)).slice(0, -match[1].length);
    if (!existsSync(`${stem}.ts`) && !existsSync(`${stem}.tsx`)) {
      rmSync(path);
      removed.push(relative(root, path));
    }
  }
};
if (existsSync(dist)) walk(dist);
if (removed.length > 0)
  console.log(`prune-dist: removed ${removed.length} stale files: ${removed.join(', ')}`);
