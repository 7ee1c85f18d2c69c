import { loadProductionReact } from '../production-react.js';
import type { LoadedRun } from './load-run.js';

export interface RunViewerOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

/**
 * Shows a loaded run in the interactive viewer until the user quits (q, or Ctrl+C). Resolves once Ink
 * has unmounted and restored the terminal (raw mode off, cursor shown). React and Ink are loaded here,
 * not when the ui folder is imported: a run that never opens a viewer does not pay their memory.
 */
export async function runViewer(run: LoadedRun, options: RunViewerOptions = {}): Promise<void> {
  loadProductionReact();
  // React's module object is `default` from Node and in the CLI bundle alike (live-view.ts).
  const [{ default: React }, { render }, { ViewerApp }] = await Promise.all([
    import('react'),
    import('ink'),
    import('./ViewerApp.js'),
  ]);
  const instance = render(React.createElement(ViewerApp, { run }), {
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
    ...(options.stderr ? { stderr: options.stderr } : {}),
    exitOnCtrlC: true,
    // console.* output between frames only matters on a terminal (and patching fails in test runners).
    patchConsole: Boolean((options.stdout ?? process.stdout).isTTY),
  });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
  }
}
