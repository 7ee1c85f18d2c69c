import type { Command } from 'commander';
import { baselineFileKind } from '../../report/index.js';
import { parseReporterNames, REPORTER_NAMES, type ReporterName } from '../../reporters/index.js';
import type { CommandContext } from '../context.js';
import { addGateOptions } from '../gate-flags.js';
import { outputDir, outputFile } from '../path-flags.js';
import { baselineFlag, configFlag, refuseEmptyOperands, refuseUserOutputFiles } from '../shared-flags.js';
import type { ReportFlags } from './report-action.js';

/** `obra-validate report RUN_DIR...`: rebuilds report files from event logs, merging shards. */
export function addReportCommand(program: Command, context: CommandContext): void {
  const { cwd } = context.io;
  const command = program
    .command('report <runDirs...>')
    .description(
      'rebuild report.json, junit.xml and report.md from run directories (several: shards, merged)',
    )
    .option(
      '--reporter <names>',
      `comma-separated reporters: ${REPORTER_NAMES.join(', ')} (json is always on)`,
      (value: string) => parseReporterNames(value),
      ['json', 'junit', 'markdown'] satisfies ReporterName[],
    )
    .option(
      '--out <dir>',
      'write the files here, a folder (default: the run directory; for shards reports/<run-id>-merged); files in it that obra-validate did not write are refused',
      outputDir('--out', cwd, 'ci-out'),
    )
    .option('--baseline <file>', 'compare with this baseline (regressions fail the gate)', baselineFlag(cwd))
    .option(
      '--update-baseline <file>',
      'write the rebuilt report as a baseline to this file (a new file, or a baseline obra-validate wrote)',
      outputFile('--update-baseline', cwd, baselineFileKind),
    )
    .option(
      '--config <file>',
      'gate config (default: obra-validate.config.yaml in the current directory)',
      configFlag(cwd),
    );
  addGateOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate report reports/latest',
        '  $ npx obra-validate report reports/latest --reporter markdown,junit --out ci-out',
        '  $ npx obra-validate report shard-1/ shard-2/ shard-3/      # one report for a sharded run',
        '  $ npx obra-validate report reports/latest --baseline reports/baselines/main.json',
        '',
        'The exit code is the gate over the rebuilt report: 0 passed, 1 failed, 2 usage error,',
        '3 could not judge, 130 the run was interrupted. docs/REPORT.md describes every file.',
      ].join('\n'),
    )
    // Event reading, report building and the gate are imported when the command runs.
    .action(async (runDirs: string[], flags: ReportFlags) => {
      refuseEmptyOperands(runDirs, 'run directory', 'a run directory, e.g. reports/latest');
      refuseUserOutputFiles(flags.reporter, flags.out === undefined ? {} : { outDir: flags.out }, context.io);
      const { rebuildReports } = await import('./report-action.js');
      await rebuildReports(runDirs, flags, context);
    });
}
