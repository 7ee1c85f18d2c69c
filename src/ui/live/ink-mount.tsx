import { render, useStderr } from 'ink';
import type { ReactElement } from 'react';
import { routeWrites } from './route-writes.js';

/** A mounted Ink tree: what the live view needs from Ink (or from ink-testing-library in tests). */
export interface MountedTree {
  rerender(tree: ReactElement): void;
  unmount(): void;
  /** Settles once unmounted (Ink's last frame written). */
  waitUntilExit?(): Promise<unknown>;
}

export interface InkMountOptions {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Ink's own cap on frames per second (the live view throttles before that). */
  maxFps: number;
}

/** Hands Ink's stderr writer (clear the frame, write, redraw) to the mount. */
function CaptureStderr({ onWrite }: { onWrite: (write: (data: string) => void) => void }) {
  onWrite(useStderr().write);
  return null;
}

/**
 * Mounts a tree with Ink for a live view that never reads the keyboard: stdin is left alone (no raw
 * mode), so Ctrl+C stays a SIGINT for the run's own handler; `exitOnCtrlC` is off for the same reason.
 * While mounted on a terminal, text written to stderr (the run's "stopping gracefully" message) goes
 * through Ink, which clears its frame, writes the text and redraws the frame below it.
 */
export function mountInk(first: ReactElement, options: InkMountOptions): MountedTree {
  const { stdout, stderr } = options;
  const originalWrite = stderr.write;
  let inkWrite: ((data: string) => void) | undefined;
  const capture = (write: (data: string) => void) => {
    inkWrite = write;
  };
  const wrap = (tree: ReactElement) => (
    <>
      <CaptureStderr onWrite={capture} />
      {tree}
    </>
  );
  // Ink writes to this one: the real stream's write, whatever happens to `stderr.write` below.
  const rawStderr = {
    write: (data: string) => originalWrite.call(stderr, data),
  } as unknown as NodeJS.WriteStream;
  const instance = render(wrap(first), {
    stdout,
    stderr: rawStderr,
    exitOnCtrlC: false,
    // console.* would break a frame on a terminal; elsewhere (a pipe, a test runner) leave it alone.
    patchConsole: Boolean(stdout.isTTY),
    maxFps: options.maxFps,
  });
  const unroute =
    stdout.isTTY && stderr.isTTY
      ? routeWrites(stderr, (text) => (inkWrite ? inkWrite(text) : originalWrite.call(stderr, text)))
      : undefined;
  let mounted = true;
  return {
    rerender: (tree) => {
      if (mounted) instance.rerender(wrap(tree));
    },
    unmount: () => {
      if (!mounted) return;
      mounted = false;
      unroute?.();
      instance.unmount();
    },
    waitUntilExit: () => instance.waitUntilExit(),
  };
}
