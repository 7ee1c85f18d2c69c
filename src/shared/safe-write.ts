import { randomBytes } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';
import { makeDirs } from './make-dirs.js';

/**
 * A kind of file obra-validate writes on a path the user gives (a baseline, report.json, a request
 * log): an existing file there is replaced only when it carries the kind's marker, i.e. obra-validate
 * wrote it. Nothing of the user's is overwritten.
 */
export interface OwnedFileKind {
  /** What the file is, for messages: `an obra-validate baseline`. */
  what: string;
  /** The marker, for messages: `"format": "obra-validate-baseline"`. */
  marker: string;
  /** Whether the first bytes of an existing file (HEAD_BYTES at most) carry the marker. */
  isOurs: (head: string) => boolean;
}

/** How much of an existing file isOurs sees. */
export const HEAD_BYTES = 4096;

/** The first `bytes` of a file as UTF-8 (a partial last character is dropped by the decoder). */
export function readHead(path: string, bytes = HEAD_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Why obra-validate must not write a file of `kind` at `path` (a phrase that follows the path:
 * "is a directory; ..."), or undefined when it may: nothing is there, or a regular file that carries
 * the marker, or a stream (a FIFO, a socket, a character device such as /dev/stdout: written to, never
 * replaced). Other links are refused, never followed; so are folders and other special files.
 */
export function refusalToWrite(path: string, kind: OwnedFileKind): string | undefined {
  if (path === '') return 'is empty; give a file path';
  let info: ReturnType<typeof lstatSync>;
  try {
    info = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return parentRefusal(dirname(path));
    if (code === 'ENOTDIR') return 'cannot be created: a folder on its path is a file';
    return `cannot be checked (${code ?? (error as Error).message})`;
  }
  // /dev/stdout is a link to the stream: a stream is written to wherever the link leads.
  if (info.isSymbolicLink() && isStream(statOrUndefined(path))) return undefined;
  if (info.isSymbolicLink()) {
    return 'is a symbolic link; obra-validate writes only the path it is given, never through a link. Give the path of a regular file, or a new path';
  }
  if (info.isDirectory()) return 'is a directory; give the path of a file in it, e.g. DIR/name';
  // A stream the user named (/dev/stdout, a FIFO another program reads): written to, never replaced.
  if (isStream(info)) return undefined;
  if (!info.isFile()) return 'is not a regular file; give the path of a regular file';
  let head: string;
  try {
    head = readHead(path);
  } catch (error) {
    return `cannot be read to check who wrote it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (kind.isOurs(head)) return undefined;
  return `exists and is not ${kind.what} (it has no ${kind.marker}); obra-validate replaces only files it wrote. Delete it or move it away, or choose another path`;
}

/** The nearest existing ancestor of a missing file must be a folder. */
function parentRefusal(dir: string): string | undefined {
  let here = dir;
  for (;;) {
    try {
      const info = lstatSync(here);
      if (info.isDirectory()) return undefined;
      if (info.isSymbolicLink()) return undefined; // a link to a folder the user named: theirs to choose
      return `cannot be created: ${here} is a file, not a folder`;
    } catch {
      const up = dirname(here);
      if (up === here) return undefined;
      here = up;
    }
  }
}

/**
 * Writes `text` to `path` atomically: a temporary file in the same folder, then a rename over the
 * path (a link at the path is replaced, never followed). With `kind`, refuses (UserError, nothing
 * written) when refusalToWrite does. The folder is created when missing.
 */
export function writeFileAtomic(path: string, text: string, kind?: OwnedFileKind): void {
  if (kind !== undefined) {
    const refusal = refusalToWrite(path, kind);
    if (refusal !== undefined) throw new UserError(`${path} ${refusal}.`, 'OBRA_WRITE_REFUSED');
  }
  if (isStream(statOrUndefined(path))) {
    writeFileSync(path, text);
    return;
  }
  const dir = dirname(path);
  makeDirs(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A FIFO, a socket or a character device (/dev/stdout): a stream to write to, not a file to replace. */
function isStream(info: Stats | undefined): boolean {
  return info !== undefined && (info.isFIFO() || info.isCharacterDevice() || info.isSocket());
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
