import { createTerminalLiveView, type LiveViewOptions } from '../ui/index.js';
import type { Reporter } from './reporter.js';

export interface LiveReporterOptions extends LiveViewOptions {
  /** The files the run's reporters write, for the summary's "Reports in" line. */
  files?: (runDir: string) => string[];
}

/**
 * The live reporter (a terminal): an Ink view of the running attempts at a bounded frame rate, then
 * the readiness summary (src/ui/live), drawn by a worker thread when it draws on the process's own
 * terminal. Default when stdout is a TTY and CI is unset; `--reporter live` forces it anywhere (in a
 * pipe Ink writes every frame).
 */
export function createLiveReporter(
  options: LiveReporterOptions = {},
): Reporter & { readonly renders: number } {
  const { files, ...viewOptions } = options;
  const view = createTerminalLiveView(viewOptions);
  return {
    name: 'live',
    printsToStdio: true,
    get renders() {
      return view.renders;
    },
    onEvent(event) {
      view.onEvent(event);
    },
    async onEnd(report, { runDir }) {
      await view.finish(report, { runDir, ...(files ? { files: files(runDir) } : {}) });
    },
    dispose() {
      view.dispose();
    },
  };
}
