import { describe, expect, it } from 'vitest';
import { describeMachineFault, machineFaultOf } from './machine-fault.js';

const systemError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('machineFaultOf / describeMachineFault', () => {
  it.each([
    [
      systemError('ENOSPC', "ENOSPC: no space left on device, open '/r/run/manifest.json'", {
        syscall: 'open',
        path: '/r/run/manifest.json',
      }),
      undefined,
      /^a machine fault, not a bug in obra-validate or the orchestrator: \/r\/run\/manifest\.json: ENOSPC: no space left on device \(open\)\. Fix: free space on that disk, or point --reports-dir at a roomier one; then run again \(or `--resume` the run directory\)\.$/,
    ],
    [
      systemError('ENOSPC', 'ENOSPC: no space left on device, write', { syscall: 'write' }),
      '/r/run/events.jsonl',
      /: \/r\/run\/events\.jsonl: ENOSPC: no space left on device \(write\)\. Fix: free space/,
    ],
    [
      systemError('EROFS', "EROFS: read-only file system, mkdir '/ro/x'", { path: '/ro/x' }),
      undefined,
      /\/ro\/x: EROFS: read-only file system\. Fix: the file system is read-only/,
    ],
    [
      systemError('EACCES', "EACCES: permission denied, open '/p'", { path: '/p' }),
      undefined,
      /\/p: EACCES: permission denied\. Fix: make it writable/,
    ],
    [
      systemError('EMFILE', 'spawn sh EMFILE', { syscall: 'spawn sh' }),
      undefined,
      /EMFILE: too many open files \(spawn sh\)\. Fix: .*ulimit -n 4096/,
    ],
    [
      new Error('the store could not be written', {
        cause: systemError('SQLITE_FULL', 'database or disk is full'),
      }),
      '/r/a/obra.sqlite',
      /\/r\/a\/obra\.sqlite: SQLITE_FULL: database or disk is full\. Fix: free space on that disk/,
    ],
    [
      systemError('SQLITE_IOERR_WRITE', 'disk I/O error'),
      undefined,
      /SQLITE_IOERR_WRITE: disk I\/O error\. Fix: the disk reported an I\/O error/,
    ],
  ])('%s', (error, where, expected) => {
    expect(describeMachineFault(error, where)).toMatch(expected);
  });

  it.each([
    new Error('plain'),
    systemError('ENOENT', 'ENOENT: no such file or directory'),
    systemError('SQLITE_CONSTRAINT', 'UNIQUE constraint failed'),
    'a string',
    undefined,
  ])('is no machine fault: %s', (error) => {
    expect(machineFaultOf(error)).toBeUndefined();
  });
});
