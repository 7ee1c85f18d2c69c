import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { discard } from '../lib/trash.js';
import { TRIVIAL_SCENARIO } from '../lib/trivial.js';
import { ms, SMALL_RUNS, type SmallRun } from './overhead.js';

/**
 * Figure 3: the trivial stress run at 10,000 tasks against 1,000: wall ratio, the harness's peak RSS
 * (absolute and against the small run), and bytes per task of events.jsonl and report.json.
 */
/** The run directory of the last large run, kept for figure 5b (the viewer on a 10,000-task run). */
export const LARGE_RUN_DIR = 'trivial-large-run-dir';

export async function scaleFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const { small: smallCount, large: largeCount } = ctx.tasks;
  const reused = (ctx.shared.get(SMALL_RUNS) as SmallRun[] | undefined) ?? [];
  const small: SmallRun[] = [];
  const large: SmallRun[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    const smallRun =
      reused[rep] ??
      (await (async () => {
        const run = await runObra({
          scenario: TRIVIAL_SCENARIO,
          scale: smallCount,
          workDir: ctx.workDir,
          rss: true,
        });
        removeRun(run);
        return {
          wallMs: run.timed.wallMs,
          maxRssKb: run.timed.maxRssKb,
          eventsBytes: run.eventsBytes,
          reportBytes: run.reportBytes,
        };
      })());
    small.push(smallRun);
    const run = await runObra({
      scenario: TRIVIAL_SCENARIO,
      scale: largeCount,
      workDir: ctx.workDir,
      rss: true,
    });
    large.push({
      wallMs: run.timed.wallMs,
      maxRssKb: run.timed.maxRssKb,
      eventsBytes: run.eventsBytes,
      reportBytes: run.reportBytes,
    });
    const kept = ctx.shared.get(LARGE_RUN_DIR) as string | undefined;
    if (kept) discard(kept, ctx.workDir);
    ctx.shared.set(LARGE_RUN_DIR, run.runDir);
    ctx.log(
      `  3: rep ${rep + 1}/${ctx.reps}: ${smallCount} tasks ${ms(smallRun.wallMs)} ${mb(smallRun.maxRssKb)}, ${largeCount} tasks ${ms(large.at(-1)!.wallMs)} ${mb(large.at(-1)!.maxRssKb)}`,
    );
  }
  const factor = largeCount / smallCount;
  const rss = (runs: SmallRun[]) => runs.map((r) => (r.maxRssKb ?? Number.NaN) / 1024);
  const perTask = (runs: SmallRun[], key: 'eventsBytes' | 'reportBytes', count: number) =>
    runs.map((r) => r[key] / count);
  const growth = (key: 'eventsBytes' | 'reportBytes') =>
    pairedRatios(perTask(large, key, largeCount), perTask(small, key, smallCount));
  const rssKnown = large.every((r) => r.maxRssKb !== undefined);
  const label = `${largeCount} vs ${smallCount} tasks`;
  return [
    judged({
      id: '3a',
      name: `scale: wall, ${label}`,
      unit: 'x',
      summary: summarize(
        pairedRatios(
          large.map((r) => r.wallMs),
          small.map((r) => r.wallMs),
        ),
      ),
      target: { op: '<=', value: factor * 1.1 },
      details: { smallWallMs: small.map((r) => r.wallMs), largeWallMs: large.map((r) => r.wallMs) },
    }),
    rssKnown
      ? judged({
          id: '3b',
          name: `scale: harness peak RSS at ${largeCount} tasks`,
          unit: 'MB',
          summary: summarize(rss(large)),
          target: { op: '<=', value: 300 },
          details: { smallRssMb: rss(small), largeRssMb: rss(large) },
        })
      : {
          id: '3b',
          name: 'scale: harness peak RSS',
          unit: 'MB',
          note: 'not measured: /usr/bin/time missing',
        },
    ...(rssKnown
      ? [
          judged({
            id: '3c',
            name: `scale: peak RSS, ${label}`,
            unit: 'x',
            summary: summarize(pairedRatios(rss(large), rss(small))),
            target: { op: '<=', value: 1.5 },
          }),
        ]
      : []),
    judged({
      id: '3d',
      name: `scale: events.jsonl bytes per task, ${label}`,
      unit: 'x',
      summary: summarize(growth('eventsBytes')),
      target: { op: '<=', value: 1.1 },
      details: {
        smallBytes: small.map((r) => r.eventsBytes),
        largeBytes: large.map((r) => r.eventsBytes),
      },
    }),
    judged({
      id: '3e',
      name: `scale: report.json bytes per task, ${label}`,
      unit: 'x',
      summary: summarize(growth('reportBytes')),
      target: { op: '<=', value: 1.1 },
      details: {
        smallBytes: small.map((r) => r.reportBytes),
        largeBytes: large.map((r) => r.reportBytes),
      },
    }),
  ];
}

function mb(kb: number | undefined): string {
  return kb === undefined ? '' : `${(kb / 1024).toFixed(0)} MB`;
}
