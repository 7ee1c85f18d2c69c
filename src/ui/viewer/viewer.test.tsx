import { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { press, settled } from '../test-helpers/keys.js';
import { sampleRunDir } from '../test-helpers/runs.js';
import { type LoadedRun, loadRun } from './load-run.js';
import { runViewer } from './run-viewer.js';
import { ViewerApp } from './ViewerApp.js';

// Ink reads CI once, when it is imported (is-in-ci): with CI set it draws nothing until unmount. These tests
// are about the terminal a person watches (the live reporter's default, the viewer's only mode), so CI is
// cleared before Ink loads, whatever the machine running them (CI=true in .ci/run).
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

let run: LoadedRun;
beforeAll(async () => {
  run = await loadRun(sampleRunDir, process.cwd());
  await run.loadDetails();
});

type Viewer = ReturnType<typeof render> & { press(...keys: string[]): Promise<string>; frame(): string };
const mounted: Viewer[] = [];
afterEach(() => {
  for (const v of mounted.splice(0)) v.unmount();
});

/** The viewer in a fake terminal of `columns` x `rows`. */
async function viewer(columns = 80, rows = 24): Promise<Viewer> {
  const ui = render(<ViewerApp run={run} />);
  const v = Object.assign(ui, {
    frame: () => ui.lastFrame() ?? '',
    press: (...keys: string[]) => press(ui, ...keys),
  });
  mounted.push(v);
  resize(v, columns, rows);
  await settled(ui);
  return v;
}

function resize(v: Viewer, columns: number, rows: number) {
  Object.defineProperty(v.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(v.stdout, 'rows', { value: rows, configurable: true });
  v.stdout.emit('resize');
}

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';

function expectFits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThan(rows);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
}

describe('report viewer (ink-testing-library, the recorded run in fixtures/runs/sample)', () => {
  it('opens on the scenarios and findings of the run, at 80x24, keys in the footer', async () => {
    const v = await viewer();
    const frame = v.frame();
    expect(frame).toMatch(/^run 20261125-103953-b786 +NOT_READY +3 passed, 1 failed/);
    expect(frame).toContain('Scenarios (4)');
    expect(frame).toMatch(/^› ✗ calculator-strict +failed +pass@1 +0% +1 attempt +32\.7s +1\/1 tasks$/m);
    expect(frame).toMatch(/^ {2}✓ stress +passed +pass@1 100%/m);
    expect(frame).toContain('Findings (1)');
    expect(frame).toMatch(/! major +check_file in calculator-strict: a power function exists/);
    expect(frame.trimEnd().split('\n').at(-1)).toBe(
      '↑↓/jk move · enter open · esc back · / filter · f failures · q quit',
    );
    expectFits(frame, 80, 24);
  });

  it('goes scenario → attempt → task → iteration with enter, and back with esc', async () => {
    const v = await viewer();
    let frame = await v.press(ENTER);
    expect(frame).toContain('run › calculator-strict\n');
    expect(frame).toMatch(/› ✗ #1 +failed +32\.7s +1\/1 tasks +2 iter +8\.6k tok +1 check failed/);

    frame = await v.press(ENTER);
    expect(frame).toContain('run › calculator-strict › #1');
    expect(frame).toContain('calculator-strict#1: failed in 32.7s (1 check failed: a power function exists)');
    expect(frame).toMatch(/Tasks \(1\)\n› ✓ +1 +Create calculator\.py +completed +2 iter +30\.2s +8\.6k tok/);
    // The check that failed comes first.
    expect(frame).toMatch(
      /Checks \(19: 1 not passed\)\n {2}✗ a power function exists — calculator\.py does not contain "def power"/,
    );

    frame = await v.press(ENTER);
    expect(frame).toContain('task 1 (calc): Create calculator.py; completed');
    expect(frame).toMatch(/› ↻ iteration 1 +clarify +quality 1\.00 +confidence 0\.57 +3\.1k tok/);
    expect(frame).toMatch(/ {2}✓ iteration 2 +proceed +quality 1\.00 +confidence 0\.94 +5\.5k tok/);

    frame = await v.press('j', ENTER);
    expect(frame).toContain('run › calculator-strict › #1 › task 1 › iteration 2');
    expect(frame).toMatch(/^Decision {4}proceed: quality 1 passed the gate and confidence 0\.935 ≥ 0\.7$/m);
    expect(frame).toMatch(/^Quality {5}1 \(passes the gate\)$/m);
    expect(frame).toMatch(/^Confidence {2}0\.935$/m);
    expect(frame).toMatch(/^Session {5}8632d95a-8452-4bf8-9497-aa499fa90153 \(echoed\)$/m);
    expect(frame).toMatch(/^Tokens {6}in 5\.0k · out 500 · cache 0\/0 · \$0\.0300$/m);
    expect(frame).toContain('Prompt (excerpt)\n  Task: Create calculator.py');
    expectFits(frame, 80, 24);

    // The reply comes from the attempt's obra.sqlite, at the end of the detail.
    frame = await v.press('G');
    expect(frame).toContain('Reply (excerpt, interaction 2 in attempts/calculator-strict-1/obra.sqlite)');
    expect(frame).toContain('calculator.py now has add, subtract, multiply and divide');
    expect(frame).toMatch(/\d+–33 of 33/);

    frame = await v.press(ESC);
    expect(frame).toContain('run › calculator-strict › #1 › task 1\n');
    expect(frame).toMatch(/› ✓ iteration 2/);
    frame = await v.press(ESC, ESC, ESC);
    expect(frame).toMatch(/^run\n/m);
    expect(frame).toMatch(/^› ✗ calculator-strict/m);
  });

  it('f keeps only what did not pass, on every level', async () => {
    const v = await viewer();
    let frame = await v.press('f');
    expect(frame).toContain('calculator-strict');
    expect(frame).not.toMatch(/✓ stress/);
    expect(frame).toContain('check_file');
    expect(frame).toMatch(/failures only$/m);
    frame = await v.press(ENTER, ENTER);
    expect(frame).toMatch(/Checks \(19: 1 not passed\)\n› ✗ a power function exists/);
    expect(frame).not.toContain('✓ wall budget');
    frame = await v.press('f');
    expect(frame).toContain('✓ wall budget');
  });

  it('/ filters the list as you type; enter keeps the filter, esc clears it', async () => {
    const v = await viewer();
    let frame = await v.press('/', 'c', 's', 'v');
    expect(frame).toMatch(/^\/csv /m);
    expect(frame).toMatch(/^› ✓ csv-regression/m);
    expect(frame).not.toContain('calculator-strict  ');
    frame = await v.press(ENTER);
    expect(frame).toMatch(/filter "csv"$/m);
    frame = await v.press(ENTER);
    expect(frame).toContain('run › csv-regression');
    frame = await v.press(ESC);
    expect(frame).toMatch(/filter "csv"$/m);
    frame = await v.press('/', 'x', 'y', 'z');
    expect(frame).toContain('nothing matches "csvxyz"');
    frame = await v.press(ESC);
    expect(frame).toMatch(/^› ✗ calculator-strict/m);
  });

  it('shows a finding (how often, where, its message) and a check with its evidence file', async () => {
    const v = await viewer();
    let frame = await v.press('G', ENTER);
    expect(frame).toContain('run › finding 1');
    expect(frame).toMatch(/^Seen {8}1× in calculator-strict#1$/m);
    expect(frame).toMatch(/^Location {4}scenarios\/calculator-strict\.yaml:30:5$/m);
    expect(frame).toContain('Message\n  a power function exists: calculator.py does not contain "def power"');

    frame = await v.press(ESC, 'g', ENTER, ENTER, '/', 'h', 'i', 'd', 'd', ENTER, ENTER);
    expect(frame).toContain('checks[3]: hidden unittest tests pass');
    expect(frame).toContain('Evidence (1)\n  attempts/calculator-strict-1/checks/checks-3.log');
    expect(frame).toContain('    $ python3 -m unittest -q');
    frame = await v.press('G');
    expect(frame).toContain('    Ran 16 tests');
  });

  it('handles keys that arrive in one chunk (fast typing) one by one', async () => {
    const v = await viewer();
    const frame = await v.press(`${DOWN}`, `j${ENTER}`);
    expect(frame).toContain('run › calculator\n');
  });

  it('follows resizes: narrower lines, fewer rows, the selection kept in view', async () => {
    const v = await viewer();
    await v.press(ENTER, ENTER);
    resize(v, 60, 12);
    await settled(v);
    const frame = v.frame();
    expectFits(frame, 60, 12);
    expect(frame).toMatch(/1–7 of 24/);
    const moved = await v.press('G');
    expect(moved).toMatch(/18–24 of 24/);
    expect(moved).toMatch(/› ! major +check_file/);
    resize(v, 120, 40);
    await settled(v);
    expect(v.frame()).not.toMatch(/ of 24/);
  });
});

/** A stdin Ink can put in raw mode, fed by the test. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read() {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

describe('report viewer while the event log is still being read', () => {
  it('shows the report at once, says the tasks are being read, and shows them once the log is in', async () => {
    // The loaded sample, with its details held back until `arrive` (loadRun reads them behind the first screen).
    const details = new Map<string, NonNullable<ReturnType<LoadedRun['details']['get']>>>();
    let state: ReturnType<LoadedRun['detailsStatus']> = { state: 'loading' };
    let arrive = () => {};
    const loaded = new Promise<void>((resolve) => {
      arrive = () => {
        for (const [id, d] of run.details) details.set(id, d);
        state = { state: 'ready' };
        resolve();
      };
    });
    const late: LoadedRun = { ...run, details, detailsStatus: () => state, loadDetails: () => loaded };
    const ui = render(<ViewerApp run={late} />);
    await settled(ui);
    expect(ui.lastFrame()).toContain('Scenarios (4)');
    let frame = await press(ui, ENTER, ENTER);
    expect(frame).toContain('run › calculator-strict › #1');
    expect(frame).toMatch(/Tasks\n› · reading the tasks from events\.jsonl…/);
    arrive();
    await settled(ui);
    frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/Tasks \(1\)\n› ✓ +1 +Create calculator\.py +completed +2 iter/);
    ui.unmount();
  });
});

describe('runViewer', () => {
  it('resolves when q is pressed (the terminal handed back)', async () => {
    const stdin = new FakeStdin();
    const writes: string[] = [];
    const stdout = Object.assign(new EventEmitter(), {
      columns: 80,
      rows: 24,
      write: (s: string) => writes.push(s),
    });
    const done = runViewer(run, {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(writes.join('')).toContain('Scenarios (4)');
    stdin.write('q');
    await expect(done).resolves.toBeUndefined();
  });
});
