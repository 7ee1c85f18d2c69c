import { runBareSpawn } from '../lib/bare.js';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { type ObraRun, removeRun, runObra } from '../lib/obra.js';
import { alternately, type Pair, quietPair } from '../lib/quiet-pair.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { TRIVIAL_SCENARIO, trivialArgv } from '../lib/trivial.js';

/** What figure 3 reuses of the small runs made here. */
export interface SmallRun {
  wallMs: number;
  maxRssKb: number | undefined;
  eventsBytes: number;
  reportBytes: number;
}
export const SMALL_RUNS = 'trivial-small-runs';

/**
 * Figure 1: a stress run of the `command` agent running a trivial process (sequential, as the
 * scenario runs by default), against a bare loop spawning the same process, also sequentially.
 */
export async function overheadFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const count = ctx.tasks.small;
  const bare: number[] = [];
  const obra: number[] = [];
  const small: SmallRun[] = [];
  const setAside: Pair[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    let run: SmallRun | undefined;
    const measured = await quietPair(async () => {
      let bareWall = 0;
      let bareSteal: number | undefined;
      const runBare = async () => {
        const timed = await runBareSpawn({
          argv: trivialArgv(),
          count,
          concurrency: 1,
          workDir: ctx.workDir,
        });
        bareWall = timed.wallMs;
        bareSteal = timed.steal;
      };
      let harnessSteal: number | undefined;
      const runHarness = async () => {
        const harness: ObraRun = await runObra({
          scenario: TRIVIAL_SCENARIO,
          scale: count,
          workDir: ctx.workDir,
          rss: true,
        });
        harnessSteal = harness.timed.steal;
        run = {
          wallMs: harness.timed.wallMs,
          maxRssKb: harness.timed.maxRssKb,
          eventsBytes: harness.eventsBytes,
          reportBytes: harness.reportBytes,
        };
        removeRun(harness);
      };
      await alternately(rep, runBare, runHarness);
      return { subject: run!.wallMs, baseline: bareWall, steal: [bareSteal, harnessSteal] };
    }, ctx.log);
    obra.push(measured.pair.subject);
    bare.push(measured.pair.baseline);
    small.push(run!);
    setAside.push(...measured.setAside);
    ctx.log(
      `  1: rep ${rep + 1}/${ctx.reps}: bare ${ms(bare.at(-1)!)}, obra-validate ${ms(obra.at(-1)!)} (${count} tasks)`,
    );
  }
  ctx.shared.set(SMALL_RUNS, small);
  return [
    judged({
      id: '1',
      name: `core overhead: ${count} trivial command tasks vs bare spawn loop (wall)`,
      unit: 'x',
      summary: summarize(pairedRatios(obra, bare)),
      target: { op: '<=', value: 1.3 },
      details: {
        tasks: count,
        bareWallMs: bare,
        obraWallMs: obra,
        perTaskMs: { bare: bare.map((w) => w / count), obra: obra.map((w) => w / count) },
        setAsideForSteal: setAside,
      },
    }),
  ];
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
