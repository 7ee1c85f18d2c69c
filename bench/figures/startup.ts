import { tmpdir } from 'node:os';
import { type BenchContext, type FigureResult, judged, notMeasured } from '../lib/figure.js';
import { cliPath } from '../lib/paths.js';
import { expectExit, runTimed } from '../lib/proc.js';
import { median, summarize } from '../lib/stats.js';

const SPAWNS_PER_REP = 15;

/**
 * Figure 5: `obra-validate --version` against `node -e 0` (the floor of any Node CLI), spawned
 * alternately; each repetition is the ratio of the medians of SPAWNS_PER_REP spawns each.
 * 5b (`view` ready on a 10,000-task run) is a slot until the viewer exists (branch ui).
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
    await viewSlot(),
  ];
}

/** SLOT (branch ui): `view` on a 10,000-task run, ready in ≤ 1 s. Measured once the command exists. */
async function viewSlot(): Promise<FigureResult> {
  const help = await runTimed([process.execPath, cliPath, '--help'], { cwd: tmpdir() });
  const hasView = /^\s+view\b/m.test(help.stdout);
  return notMeasured(
    '5b',
    'start-up: `view` on a 10,000-task run, ready',
    's',
    hasView
      ? 'the view command exists; its measurement is not written yet'
      : 'view command absent (branch ui)',
    { op: '<=', value: 1 },
  );
}
