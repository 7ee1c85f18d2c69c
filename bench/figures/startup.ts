import { tmpdir } from 'node:os';
import { type BenchContext, type FigureResult, judged, notMeasured } from '../lib/figure.js';
import { runObra } from '../lib/obra.js';
import { cliPath } from '../lib/paths.js';
import { expectExit, runTimed } from '../lib/proc.js';
import { median, summarize } from '../lib/stats.js';
import { TRIVIAL_SCENARIO } from '../lib/trivial.js';
import { hasTmux, timeViewReady } from '../lib/view-ready.js';
import { LARGE_RUN_DIR } from './scale.js';

const SPAWNS_PER_REP = 15;

/**
 * Figure 5: `obra-validate --version` against `node -e 0` (the floor of any Node CLI), spawned
 * alternately; each repetition is the ratio of the medians of SPAWNS_PER_REP spawns each.
 * 5b: `view` on the large run, until its first screen.
 */
export async function startupFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const ratios: number[] = [];
  const versionMs: number[] = [];
  const nodeMs: number[] = [];
  const env = { ...process.env, CI: '1' };
  for (let rep = 0; rep < ctx.reps; rep++) {
    const obra: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < SPAWNS_PER_REP; i++) {
      node.push(
        expectExit('node -e 0', await runTimed([process.execPath, '-e', '0'], { cwd: tmpdir(), env })).wallMs,
      );
      obra.push(
        expectExit(
          'obra-validate --version',
          await runTimed([process.execPath, cliPath, '--version'], { cwd: tmpdir(), env }),
        ).wallMs,
      );
    }
    ratios.push(median(obra) / median(node));
    versionMs.push(median(obra));
    nodeMs.push(median(node));
    ctx.log(
      `  5: rep ${rep + 1}/${ctx.reps}: node -e 0 ${median(node).toFixed(0)} ms, --version ${median(obra).toFixed(0)} ms`,
    );
  }
  return [
    judged({
      id: '5a',
      name: 'start-up: `obra-validate --version` vs `node -e 0`',
      unit: 'x',
      summary: summarize(ratios),
      target: { op: '<=', value: 4 },
      details: { versionMs, nodeMs, spawnsPerRep: SPAWNS_PER_REP },
    }),
    await viewFigure(ctx),
  ];
}

/**
 * 5b: `view` on a 10,000-task run (the large run of figure 3, or one made here) until its first screen,
 * in a real terminal (tmux). An absolute target: what a user waits for, including Node's own start.
 */
async function viewFigure(ctx: BenchContext): Promise<FigureResult> {
  const name = `start-up: \`view\` on a ${ctx.tasks.large}-task run, ready`;
  if (!hasTmux()) return notMeasured('5b', name, 's', 'tmux is not installed', { op: '<=', value: 1 });
  let runDir = ctx.shared.get(LARGE_RUN_DIR) as string | undefined;
  if (!runDir) {
    ctx.log(`  5: making a ${ctx.tasks.large}-task run for the viewer...`);
    runDir = (await runObra({ scenario: TRIVIAL_SCENARIO, scale: ctx.tasks.large, workDir: ctx.workDir }))
      .runDir;
    ctx.shared.set(LARGE_RUN_DIR, runDir);
  }
  const seconds: number[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    seconds.push((await timeViewReady(runDir, ctx.workDir)) / 1000);
    ctx.log(`  5: rep ${rep + 1}/${ctx.reps}: view ready in ${(seconds.at(-1)! * 1000).toFixed(0)} ms`);
  }
  return judged({
    id: '5b',
    name,
    unit: 's',
    summary: summarize(seconds),
    target: { op: '<=', value: 1 },
    details: { tasks: ctx.tasks.large, readyS: seconds },
  });
}
