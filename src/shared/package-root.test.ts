import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath, packageRoot } from './package-root.js';

describe('packageRoot', () => {
  it('is the folder of the package.json named obra-validate, above this module', () => {
    const root = packageRoot();
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('obra-validate');
    expect(import.meta.dirname.startsWith(root)).toBe(true);
  });

  it('resolves the files the CLI needs from the root (the launch host, the manifest)', () => {
    expect(packagePath('bin/launch-host.cjs')).toBe(join(packageRoot(), 'bin', 'launch-host.cjs'));
    expect(existsSync(packagePath('bin/launch-host.cjs'))).toBe(true);
  });
});
