import type { Command } from 'commander';
import { parseReporterNames, REPORTER_NAMES, type ReporterName } from '../../reporters/index.js';
import type { CommandContext } from '../context.js';
import { addGateOptions } from '../gate-flags.js';
import type { ReportFlags } from './report-action.js';

/** `obra-validate report RUN_DIR...`: rebuilds report files from event logs, merging shards. */
export function addReportCommand(program: Command, context: CommandContext): void {
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
      'write the files here (default: the run directory; for shards reports/<run-id>-merged)',
    )
    .option('--baseline <file>', 'compare with this baseline (regressions fail the gate)')
    .option('--update-baseline <file>', 'write the rebuilt report as a baseline to this file')
    .option('--config <file>', 'gate config (default: obra-validate.config.yaml in the current directory)');
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
      const { rebuildReports } = await import('./report-action.js');
      await rebuildReports(runDirs, flags, context);
    });
}
