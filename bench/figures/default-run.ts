import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { repoRoot } from '../lib/paths.js';
import { summarize } from '../lib/stats.js';
import { ms } from './overhead.js';

/**
 * Figure 9: the main command on replay, `npx obra-validate scenarios/` (every shipped scenario, the
 * default options), its wall clock against the bound of 60 s, and beside it the time its agent
 * calls took: the sum of every agent process's life as the run's own launch witness recorded it
 * (attempts/<a>/launches.jsonl), which no harness can go below.
 */
export async function defaultRunFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const walls: number[] = [];
  const agents: number[] = [];
  const calls: number[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    const run = await runObra({ scenario: join(repoRoot, 'scenarios'), workDir: ctx.workDir, cwd: repoRoot });
    const spent = agentTime(run.runDir);
    walls.push(run.timed.wallMs);
    agents.push(spent.ms);
    calls.push(spent.calls);
    removeRun(run);
    ctx.log(
      `  9: rep ${rep + 1}/${ctx.reps}: ${ms(walls.at(-1)!)}, of which agent calls ${ms(spent.ms)} (${spent.calls} calls)`,
    );
  }
  return [
    judged({
      id: '9',
      name: 'the main command on replay: npx obra-validate scenarios/ (every shipped scenario), wall',
      unit: 's',
      summary: summarize(walls.map((w) => w / 1000)),
      target: { op: '<=', value: 60 },
      details: { wallMs: walls, agentCallsMs: agents, agentCalls: calls },
    }),
    {
      id: '9b',
      name: 'the same runs: the sum of their agent calls (each process from start to exit), not judged',
      unit: 's',
      summary: summarize(agents.map((a) => a / 1000)),
      details: { agentCallsMs: agents, agentCalls: calls },
    },
  ];
}

/** The agent processes of a run: their count and the sum of their lives, from the launch records. */
function agentTime(runDir: string): { ms: number; calls: number } {
  let total = 0;
  let calls = 0;
  const attempts = join(runDir, 'attempts');
  for (const attempt of readdirSync(attempts)) {
    let text: string;
    try {
      text = readFileSync(join(attempts, attempt, 'launches.jsonl'), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const launch = JSON.parse(line) as { role: string; start: number; end: number };
      if (launch.role !== 'agent') continue;
      total += launch.end - launch.start;
      calls++;
    }
  }
  return { ms: total, calls };
}
