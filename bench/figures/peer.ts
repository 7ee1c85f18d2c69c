import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { ensurePeer, PROMPTFOO_VERSION, promptfooEntry } from '../lib/peer.js';
import { expectExit, runTimed } from '../lib/proc.js';
import { alternately } from '../lib/quiet-pair.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { discard } from '../lib/trash.js';
import { TRIVIAL_SCENARIO, trivialArgv } from '../lib/trivial.js';
import { ms } from './overhead.js';

/**
 * Figure 7: the same trivial command tasks, each with one output assertion, run by promptfoo (its exec
 * provider, one test per task, `equals: done`) and by obra-validate (the trivial scenario: every reply
 * judged by the orchestrator's pipeline, plus the scenario's checks). Both sequential (promptfoo -j 1).
 */
export async function peerFigure(ctx: BenchContext): Promise<FigureResult[]> {
  await ensurePeer(ctx.log);
  const count = ctx.tasks.peer;
  const promptfoo: number[] = [];
  const obra: number[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    const runPeer = async () => {
      const dir = mkdtempSync(join(ctx.workDir, 'promptfoo-'));
      promptfoo.push(await runPromptfoo(dir, count));
      discard(dir, ctx.workDir);
    };
    const runHarness = async () => {
      const run = await runObra({ scenario: TRIVIAL_SCENARIO, scale: count, workDir: ctx.workDir });
      obra.push(run.timed.wallMs);
      removeRun(run);
    };
    await alternately(rep, runPeer, runHarness);
    ctx.log(
      `  7: rep ${rep + 1}/${ctx.reps}: promptfoo ${ms(promptfoo.at(-1)!)}, obra-validate ${ms(obra.at(-1)!)} (${count} tasks)`,
    );
  }
  return [
    judged({
      id: '7',
      name: `peer: ${count} trivial command tasks + an output assertion each, obra-validate vs promptfoo ${PROMPTFOO_VERSION}`,
      unit: 'x',
      summary: summarize(pairedRatios(obra, promptfoo)),
      target: { op: '<=', value: 0.5 },
      details: { tasks: count, promptfooWallMs: promptfoo, obraWallMs: obra },
    }),
  ];
}

/** One promptfoo eval of `count` tests through its exec provider; returns the wall time in ms. */
async function runPromptfoo(dir: string, count: number): Promise<number> {
  const quoted = trivialArgv().map((part) => (/\s/.test(part) ? `'${part}'` : part));
  const config = {
    description: 'obra-validate benchmark peer (bench/figures/peer.ts)',
    prompts: ['Trivial Task {{i}}'],
    providers: [`exec: ${quoted.join(' ')}`],
    tests: Array.from({ length: count }, (_, k) => ({
      vars: { i: k + 1 },
      assert: [{ type: 'equals', value: 'done' }],
    })),
  };
  writeFileSync(join(dir, 'promptfooconfig.yaml'), stringify(config));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const result = await runTimed(
    [
      process.execPath,
      promptfooEntry,
      'eval',
      '-c',
      'promptfooconfig.yaml',
      '-j',
      '1',
      '--no-cache',
      '--no-progress-bar',
      '--no-table',
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        HOME: home,
        PROMPTFOO_CONFIG_DIR: join(home, '.promptfoo'),
        PROMPTFOO_DISABLE_TELEMETRY: '1',
        PROMPTFOO_DISABLE_UPDATE: '1',
        PROMPTFOO_DISABLE_SHARING: '1',
        PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
        CI: '1',
      },
    },
  );
  expectExit('promptfoo eval', result);
  // promptfoo's summary line: "Results: ✓ 1,000 passed, 0 failed, 0 errors (100%)" (thousands grouped).
  const passed = count.toLocaleString('en-US').replaceAll(',', ',?');
  if (!new RegExp(`\\b${passed} passed, 0 failed, 0 errors`).test(result.stdout + result.stderr)) {
    throw new Error(
      `promptfoo did not pass all ${count} tests:\n${(result.stdout + result.stderr).slice(-3000)}`,
    );
  }
  return result.wallMs;
}
