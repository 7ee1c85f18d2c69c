/**
 * Faults of the machine, not of obra-validate or of the orchestrator under test: a full or read-only
 * disk, missing permissions, no file descriptors left. Wherever one surfaces in a run, it is reported
 * as infrastructure (exit 3) with the path, the error code and the fix, never as a bug (issue 28).
 */

const SAY_RESUME = 'then run again (or `--resume` the run directory)';

/** The fix for each error code (Node's errno names, and SQLite's for the same faults). */
const FIXES: Readonly<Record<string, string>> = {
  ENOSPC: `free space on that disk, or point --reports-dir at a roomier one; ${SAY_RESUME}`,
  EDQUOT: `free space within your disk quota, or point --reports-dir elsewhere; ${SAY_RESUME}`,
  EROFS: `the file system is read-only: point --reports-dir at a writable folder, or remount it read-write; ${SAY_RESUME}`,
  EACCES: `make it writable for this user, or point --reports-dir at a folder you own; ${SAY_RESUME}`,
  EPERM: `make it writable for this user, or point --reports-dir at a folder you own; ${SAY_RESUME}`,
  EMFILE:
    'this process ran out of file descriptors: raise its limit (e.g. `ulimit -n 4096`) or run fewer attempts at once (--workers 1), then run again',
  ENFILE: 'the system ran out of file descriptors: close other programs or raise fs.file-max, then run again',
  EIO: `the disk reported an I/O error: check it (dmesg), or point --reports-dir at another disk; ${SAY_RESUME}`,
};

/** What each code means, as strerror says it. */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
};

/** SQLite's codes for the same faults (better-sqlite3 puts them in `code`). */
const SQLITE_CODES: Readonly<Record<string, string>> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_IOERR: 'EIO',
  SQLITE_CANTOPEN: 'EACCES',
};

/**
 * Fixes for SQLite codes that stand for more than one errno: SQLITE_CANTOPEN is a folder it may not
 * write as much as a process out of file descriptors.
 */
const SQLITE_FIXES: Readonly<Record<string, string>> = {
  SQLITE_CANTOPEN: `make the folder writable for this user, and check that this process has file descriptors left (raise \`ulimit -n\`, or run fewer attempts at once with --workers 1); ${SAY_RESUME}`,
};

export interface MachineFault {
  /** The errno name: ENOSPC, EROFS, EACCES, EPERM, EMFILE, ENFILE, EDQUOT or EIO. */
  code: string;
  /** As the error said it (`no space left on device`, `database or disk is full`). */
  detail: string;
  /** The file or folder, when the error names one. */
  path?: string;
  /** What was being done: `open`, `write`, `mkdir`, `spawn sh`... */
  syscall?: string;
  fix: string;
}

/** The machine fault behind `error` (itself or a `cause` of it), or undefined when it is none. */
export function machineFaultOf(error: unknown): MachineFault | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const fault = ownFault(current as NodeJS.ErrnoException & { dest?: unknown });
    if (fault) return fault;
    current = current.cause;
  }
  return undefined;
}

function ownFault(error: NodeJS.ErrnoException & { dest?: unknown }): MachineFault | undefined {
  const raw = typeof error.code === 'string' ? error.code : undefined;
  if (raw === undefined) return undefined;
  const sqlite = Object.keys(SQLITE_CODES).find((c) => raw === c || raw.startsWith(`${c}_`));
  const code = sqlite ? SQLITE_CODES[sqlite]! : raw;
  const fix = (sqlite ? SQLITE_FIXES[sqlite] : undefined) ?? FIXES[code];
  if (fix === undefined) return undefined;
  return {
    code,
    detail: sqlite ? `${raw}: ${error.message}` : MEANINGS[code]!,
    ...(typeof error.path === 'string' ? { path: error.path } : {}),
    ...(typeof error.syscall === 'string' ? { syscall: error.syscall } : {}),
    fix,
  };
}

/**
 * One line for the user: where, what (the code and what it means), and the fix. `where` names the
 * file when the error itself does not (a write to an open file carries no path).
 */
export function machineFaultMessage(fault: MachineFault, where?: string): string {
  const path = fault.path ?? where;
  const doing = fault.syscall ? ` (${fault.syscall})` : '';
  const what = fault.detail.startsWith('SQLITE_') ? fault.detail : `${fault.code}: ${fault.detail}`;
  return `a machine fault, not a bug in obra-validate or the orchestrator: ${path ? `${path}: ` : ''}${what}${doing}. Fix: ${fault.fix}.`;
}

/** machineFaultMessage of the fault behind `error`, or undefined when it is none. */
export function describeMachineFault(error: unknown, where?: string): string | undefined {
  const fault = machineFaultOf(error);
  return fault ? machineFaultMessage(fault, where) : undefined;
}

/**
 * `message` (an error's own words, which already say where) with the code and the fix of the machine
 * fault behind `error` added, unless it has a fix already; unchanged when there is no fault.
 */
export function withMachineFix(message: string, error: unknown): string {
  const fault = machineFaultOf(error);
  if (!fault || message.includes('Fix:')) return message;
  return `${message.replace(/\.$/, '')} (${fault.code}, a machine fault). Fix: ${fault.fix}.`;
}
