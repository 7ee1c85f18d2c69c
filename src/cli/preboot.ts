/**
 * What bin/obra-validate.js runs before it loads the CLI: when the command line says the run will draw
 * the live view on this terminal, the view's worker thread starts now (src/ui/live/preboot.ts says why).
 * A guess from the command line alone, before commander parses it; when it is wrong either way nothing
 * breaks: a view starts its own thread when none was started, and a thread no view adopts draws nothing
 * and does not keep the process alive.
 */

// The module itself, not the shared barrel: this file is loaded before the CLI, by every command.
import { isCi } from '../shared/ci.js';

/** The commands that are not a run (src/cli/commands; a test keeps this list equal to theirs). */
export const NOT_A_RUN = new Set([
  'view',
  'report',
  'doctor',
  'init',
  'schema',
  'check',
  'model-server',
  'help',
]);

/**
 * Whether `obra-validate <argv>` will draw the live view on its own terminal: a run (no other command,
 * no --help or --version) whose reporters include `live`, by `--reporter` or by default (stdout a
 * terminal and CI unset: defaultReporterNames in src/reporters/registry.ts). Pure.
 */
export function drawsLiveView(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTTY: boolean,
): boolean {
  if (!stdoutIsTTY) return false;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && NOT_A_RUN.has(first)) return false;
  const reporters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (['-h', '--help', '-v', '--version'].includes(arg)) return false;
    if (arg === '--reporter') reporters.push(...(argv[i + 1] ?? '').split(','));
    else if (arg.startsWith('--reporter=')) reporters.push(...arg.slice('--reporter='.length).split(','));
  }
  if (reporters.length > 0) return reporters.some((name) => name.trim() === 'live');
  return !isCi(env);
}

/** Starts the live view's worker thread when drawsLiveView says the run will draw it. */
export async function prebootLiveView(argv: readonly string[]): Promise<void> {
  if (!drawsLiveView(argv, process.env, process.stdout.isTTY === true)) return;
  // The module itself, not the ui barrel: the barrel's imports (the scenario loader, zod, yaml: 0.7 MB
  // that the CLI loads anyway) would be loaded first, and the thread started ~50 ms later.
  const { prebootLiveWorker } = await import('../ui/live/preboot.js');
  prebootLiveWorker();
}
