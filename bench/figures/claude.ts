import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { benchDir, repoRoot } from '../lib/paths.js';
import { expectExit, runTimed } from '../lib/proc.js';
import { alternately } from '../lib/quiet-pair.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { discard } from '../lib/trash.js';
import { ms } from './overhead.js';

const STRESS = join(repoRoot, 'scenarios', 'stress.yaml');

/**
 * Figure 2: the shipped stress scenario with the real Claude Code CLI on replay, against the same CLI
 * invocations run bare on the same model server (bench/lib/bare-claude.mjs).
 */
export async function claudeFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const count = ctx.tasks.claude;
  const scenario = parse(readFileSync(STRESS, 'utf8')) as {
    agent: { cassette: string };
    tasks: { title: string; description: string }[];
  };
  const generator = scenario.tasks[0]!;
  const bare: number[] = [];
  const obra: number[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    const runBare = async () => {
      const dir = mkdtempSync(join(ctx.workDir, 'bare-claude-'));
      const config = JSON.stringify({
        count,
        concurrency: 1,
        dir,
        cassette: join(repoRoot, scenario.agent.cassette),
        title: generator.title,
        description: generator.description,
      });
      const timed = expectExit(
        'bare Claude Code loop',
        await runTimed([process.execPath, join(benchDir, 'lib', 'bare-claude.mjs'), config], { cwd: dir }),
      );
      discard(dir, ctx.workDir);
      bare.push(timed.wallMs);
    };
    const runHarness = async () => {
      const run = await runObra({ scenario: STRESS, scale: count, workDir: ctx.workDir, cwd: repoRoot });
      obra.push(run.timed.wallMs);
      removeRun(run);
    };
    await alternately(rep, runBare, runHarness);
    ctx.log(
      `  2: rep ${rep + 1}/${ctx.reps}: bare ${ms(bare.at(-1)!)}, obra-validate ${ms(obra.at(-1)!)} (${count} tasks)`,
    );
  }
  return [
    judged({
      id: '2',
      name: `real agent: stress scenario, Claude Code on replay, ${count} tasks vs the same CLI calls bare`,
      unit: 'x',
      summary: summarize(pairedRatios(obra, bare)),
      target: { op: '<=', value: 1.15 },
      details: { tasks: count, bareWallMs: bare, obraWallMs: obra },
    }),
  ];
}
