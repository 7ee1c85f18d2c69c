import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../shared/index.js';
import type { CommandContext } from '../context.js';
import { refuseEmptyOperands } from '../shared-flags.js';

/** `obra-validate view [RUN_DIR]`: the interactive report viewer (src/ui/viewer). */
export function addViewCommand(program: Command, context: CommandContext): void {
  program
    .command('view [runDir]')
    .description(
      'browse a run in the terminal: scenarios → attempts → tasks → iterations → findings with evidence (default: reports/latest)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Keys: ↑↓ or j/k move, enter open, esc back, / filter, f failures only, q quit.',
        '',
        'Examples:',
        '  $ npx obra-validate view',
        '  $ npx obra-validate view reports/20261125-064012-a1b2',
        '',
        'Exit codes: 0 after q; 2 when the run directory is missing, is not a run directory or was written',
        'by a newer obra-validate, or when there is no terminal (stdin or stdout not a TTY, or CI set).',
      ].join('\n'),
    )
    .action(async (runDir: string | undefined) => {
      const { io } = context;
      refuseEmptyOperands(runDir === undefined ? [] : [runDir], 'run directory', 'one, e.g. reports/latest');
      const given = runDir ?? join('reports', 'latest');
      const { loadRun, runViewer } = await import('../../ui/index.js');
      const run = await loadRun(given, io.cwd);
      const stdinIsTTY = Boolean(process.stdin.isTTY);
      if (!stdinIsTTY || !io.isTTY) {
        const shown = relative(io.cwd, run.dir) || '.';
        throw new UserError(
          `view is interactive and needs a terminal (${stdinIsTTY ? 'stdout' : 'stdin'} is not a TTY). Without one, read ${join(shown, 'report.md')} or run \`npx obra-validate report ${shown} --reporter markdown --out DIR\`.`,
          'OBRA_VIEW_NOT_A_TTY',
        );
      }
      const ci = (['CI', 'CONTINUOUS_INTEGRATION'] as const).find(
        (name) => name in io.env && io.env[name] !== '0' && io.env[name] !== 'false',
      );
      if (ci) {
        throw new UserError(
          `view is interactive, and ${ci}=${io.env[ci]} is set: in CI Ink draws only the last frame, so the viewer would look frozen. Run it outside CI (or with ${ci}=0), or read ${join(relative(io.cwd, run.dir) || '.', 'report.md')}.`,
          'OBRA_VIEW_NOT_A_TTY',
        );
      }
      await runViewer(run);
    });
}
