import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventWriter, type RunEvent, type RunEventBody, readAllEvents } from '../../events/index.js';
import { buildReport, evaluateGate, type RunReport, withGate } from '../../report/index.js';
import { createMultiplexer, createReporters, REPORTER_NAMES } from '../../reporters/index.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/event-logs');
const root = mkdtempSync(join(tmpdir(), 'obra-report-cmd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A temp project with copies of the recorded run directories under reports/. */
function project(): string {
  const dir = mkdtempSync(join(root, 'p-'));
  cpSync(FIXTURES, join(dir, 'reports'), { recursive: true });
  return dir;
}

function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env,
    isTTY: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function report(cwd: string, ...args: string[]) {
  const io = fakeIo(cwd);
  const code = await main(['report', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunReport;
const comparable = ({ runId: _r, durationMs: _d, ...rest }: RunReport) => rest;
const filesOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

/**
 * A live run as runValidation drives reporters: events written one by one to events.jsonl, each fed
 * to the reporters as it is written; then the report built from the log read back, and onEnd.
 */
async function liveRun(recorded: RunEvent[], runDir: string, reporter: string, outDir: string) {
  const out: string[] = [];
  const reporters = createMultiplexer(createReporters([reporter], { stdout: (t) => out.push(t), outDir }));
  mkdirSync(runDir, { recursive: true });
  const writer = createEventWriter(join(runDir, 'events.jsonl'));
  for (const { v: _v, seq: _s, time: _t, ...body } of recorded)
    reporters.onEvent(writer.write(body as RunEventBody));
  writer.close();
  const built = buildReport(await readAllEvents(join(runDir, 'events.jsonl')));
  // As runValidation: the gate's verdict attached before the reporters see the report.
  const errors = await reporters.onEnd(withGate(built, evaluateGate(built)), { runDir });
  expect(errors).toEqual([]);
  return out.join('');
}

describe('obra-validate report: replayed output equals live output', () => {
  const cases = ['passing', 'failing', 'interrupted'].flatMap((run) =>
    REPORTER_NAMES.map((r) => [run, r] as const),
  );
  it.each(cases)('%s run, %s reporter', async (run, reporter) => {
    const dir = project();
    const runDir = join(dir, 'reports', 'live-run');
    const recorded = await readAllEvents(join(FIXTURES, run, 'events.jsonl'));
    const liveOut = await liveRun(recorded, runDir, reporter, join(dir, 'live'));
    const replayed = await report(dir, 'reports/live-run', '--reporter', reporter, '--out', 'replayed');
    expect(replayed.code).toBe({ passing: 0, failing: 1, interrupted: 130 }[run]);
    const printsToStdio = ['line', 'dot', 'events', 'live'].includes(reporter);
    // Equal but for where the files went (--out replayed here, outDir live there): the last lines.
    const anywhere = (text: string) => text.replace(/^Reports in [\s\S]*$/m, 'Reports in <out>');
    if (printsToStdio) expect(anywhere(replayed.out)).toBe(anywhere(liveOut));
    else
      expect(replayed.out).toMatch(
        /^Readiness: [A-Z_]+\nWrote: replayed\/(report\.md|junit\.xml|report\.json)/,
      );
    expect(filesOf(join(dir, 'replayed'))).toEqual(filesOf(join(dir, 'live')));
    expect(Object.keys(filesOf(join(dir, 'replayed'))).length).toBeGreaterThan(0);
  });
});

describe('obra-validate report', () => {
  it('rebuilds report.json, junit.xml and report.md in the run directory by default', async () => {
    const dir = project();
    const result = await report(dir, 'reports/failing');
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      'Readiness: NOT_READY\nWrote: reports/failing/report.json, reports/failing/junit.xml, reports/failing/report.md\n',
    );
    expect(result.err).toContain('Gate (exit 1):\n  - pass rate 0 (0/2) is below min_pass_rate 1');
    const built = buildReport(await readAllEvents(join(FIXTURES, 'failing', 'events.jsonl')));
    expect(readJson(join(dir, 'reports/failing/report.json'))).toEqual(withGate(built, evaluateGate(built)));
    expect(readFileSync(join(dir, 'reports/failing/report.md'), 'utf8')).toMatch(/^# ❌ NOT_READY/);
  });

  it('merges shards into one report equal to the full run, with its own event log', async () => {
    const dir = project();
    const result = await report(
      dir,
      'reports/shard-1',
      'reports/shard-2/events.jsonl',
      '--reporter',
      'events',
    );
    expect(result.code).toBe(1);
    const merged = join(dir, 'reports', '20261125-090000-s1-merged');
    expect(result.out).toBe(`Events: ${merged}/events.jsonl (25 events)\n`);
    const full = buildReport(await readAllEvents(join(FIXTURES, 'sharded-full', 'events.jsonl')));
    expect(comparable(readJson(join(merged, 'report.json')))).toEqual(
      comparable(withGate(full, evaluateGate(full))),
    );
    expect(existsSync(join(merged, 'junit.xml'))).toBe(false);
    // The merged directory is itself a run directory.
    expect((await report(dir, 'reports/20261125-090000-s1-merged', '--out', 'again')).code).toBe(1);
  });

  it('compares with a baseline and writes one', async () => {
    const dir = project();
    const first = await report(dir, 'reports/passing', '--update-baseline', 'reports/baselines/main.json');
    expect(first.code).toBe(0);
    expect(first.err).toBe('obra-validate: baseline written to reports/baselines/main.json\n');
    const second = await report(dir, 'reports/sharded-full', '--baseline', 'reports/baselines/main.json');
    expect(second.code).toBe(1);
    expect(second.err).toContain(
      'regression against baseline 20261125-080000-pass: calculator passed in baseline 20261125-080000-pass and is flaky now',
    );
    expect(readJson(join(dir, 'reports/sharded-full/report.json')).baseline?.baselineRunId).toBe(
      '20261125-080000-pass',
    );
  });

  it('applies the gate of obra-validate.config.yaml (or --config)', async () => {
    const dir = project();
    expect((await report(dir, 'reports/sharded-full')).code).toBe(1);
    writeFileSync(join(dir, 'obra-validate.config.yaml'), 'gate:\n  allow_flaky: true\n');
    expect(await report(dir, 'reports/sharded-full')).toMatchObject({ code: 0, err: '' });
    writeFileSync(join(dir, 'strict.yaml'), 'gate:\n  required: [calculator, docs]\n  allow_flaky: true\n');
    const strict = await report(dir, 'reports/sharded-full', '--config', 'strict.yaml');
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('required scenario docs not in this run');
  });

  it('a required scenario with no attempt in a shard is judged at the merge, not in the shard', async () => {
    const dir = project();
    const flags = [
      '--required',
      'stress',
      '--allow-flaky',
      '--min-pass-rate',
      '0',
      '--max-infra-error-rate',
      '1',
    ];
    // shard-2 holds no attempt of stress: its gate leaves it to the merge.
    const shard = await report(dir, 'reports/shard-2', ...flags);
    expect(shard.err).toContain(
      'Gate, not judged here:\n  - required scenario stress has no attempt in shard 2/2: judged when the shards are merged (obra-validate report)',
    );
    expect(shard.err).not.toContain('Gate (exit');
    const merged = await report(dir, 'reports/shard-1', 'reports/shard-2', '--out', 'reports/m', ...flags);
    expect(merged.err).not.toContain('Gate, not judged here');
    expect(readJson(join(dir, 'reports/m/report.json')).gate).toMatchObject({ deferred: [] });
  });

  it('takes the gate flags of run, which override the config', async () => {
    const dir = project();
    expect((await report(dir, 'reports/sharded-full', '--allow-flaky')).code).toBe(0);
    writeFileSync(join(dir, 'obra-validate.config.yaml'), 'gate:\n  allow_flaky: true\n');
    const required = await report(dir, 'reports/sharded-full', '--required', 'calculator,docs');
    expect(required.code).toBe(1);
    expect(required.err).toContain('required scenario docs not in this run');
    const rate = await report(dir, 'reports/sharded-full', '--min-pass-rate', '2');
    expect(rate.code).toBe(2);
    expect(rate.err).toContain('--min-pass-rate');
  });

  it('a reporter that cannot write becomes an error message and exit 3, never a crash', async () => {
    const dir = project();
    // A folder no one can create (procfs): the flags are fine, the write fails.
    const out = '/proc/obra-validate-no-such-folder';
    const result = await report(dir, 'reports/passing', '--out', out);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/obra-validate: reporter json threw in onEnd: .*obra-validate-no-such-folder/);
    expect(result.err).toMatch(/obra-validate: reporter junit threw in onEnd/);
  });

  it('--out naming a file is refused before anything is written (exit 2)', async () => {
    const dir = project();
    writeFileSync(join(dir, 'taken'), 'a file where the output folder should go');
    const result = await report(dir, 'reports/passing', '--out', 'taken');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--out "taken" is a file, not a folder; give a folder/);
    expect(result.out).not.toContain('Wrote:');
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('a file where the output folder should go');
  });

  it.each<[string, string[], (dir: string) => void, RegExp]>([
    [
      'a missing run directory',
      ['reports/passng'],
      () => {},
      /no such run directory: "reports\/passng" \(.*\)\. Did you mean "passing"\? Give a directory written by obra-validate/,
    ],
    [
      'a directory without events.jsonl',
      ['reports/empty'],
      (d) => mkdirSync(join(d, 'reports/empty')),
      /"reports\/empty" has no events\.jsonl, so it is not a run directory written by obra-validate/,
    ],
    [
      'a file that is not a log',
      ['reports/README.md'],
      () => {},
      /"reports\/README\.md" is a file; give a run directory/,
    ],
    [
      'a log from a newer version',
      ['reports/newer'],
      (d) => {
        mkdirSync(join(d, 'reports/newer'));
        writeFileSync(join(d, 'reports/newer/events.jsonl'), '{"v":99,"seq":1,"time":0,"type":"run_end"}\n');
      },
      /reports\/newer\/events\.jsonl:1 was written by a newer obra-validate \(event log version 99; this one reads up to 1\)\. Upgrade obra-validate/,
    ],
    [
      'an unknown reporter',
      ['reports/passing', '--reporter', 'markdwon'],
      () => {},
      /--reporter "markdwon" is not a reporter\. Did you mean "markdown"\?/,
    ],
    [
      '--out onto a shard',
      ['reports/shard-1', 'reports/shard-2', '--out', 'reports/shard-2'],
      () => {},
      /--out reports\/shard-2 is the run directory of reports\/shard-2: a merged report would overwrite/,
    ],
    [
      'the same shard twice',
      ['reports/shard-1', 'reports/shard-1'],
      () => {},
      /reports\/shard-1 and reports\/shard-1 are both shard 1\/2/,
    ],
    [
      'a missing baseline',
      ['reports/passing', '--baseline', 'nope.json'],
      () => {},
      /--baseline "nope\.json" does not exist; give the path of a baseline file \(JSON\) \(create one from a good run with --update-baseline FILE\)/,
    ],
    [
      'a broken config',
      ['reports/passing'],
      (d) => writeFileSync(join(d, 'obra-validate.config.yaml'), 'gate:\n  min_pass_rate: 2\n'),
      /1 problem in obra-validate\.config\.yaml:\nobra-validate\.config\.yaml:2:18 gate\.min_pass_rate must be between 0 and 1; got 2/,
    ],
    ['no run directory', [], () => {}, /missing required argument 'runDirs'/],
  ])('%s: exit 2 with a message saying what to do', async (_what, args, setup, message) => {
    const dir = project();
    setup(dir);
    const result = await report(dir, ...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('has help with examples', async () => {
    const io = fakeIo(root);
    expect(await main(['report', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Examples:\n  $ npx obra-validate report reports/latest');
    expect(io.out()).toContain('--reporter <names>');
  });
});
