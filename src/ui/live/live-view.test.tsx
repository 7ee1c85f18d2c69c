import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../events/index.js';
import { buildReport, type RunReport } from '../../report/index.js';
import { sampleEvents, sampleRunDir, stressRunEvents } from '../test-helpers/runs.js';
import { LiveView } from './LiveView.js';
import { applyEvent, attemptPhase, emptyLiveState, etaMs } from './live-store.js';
import { createLiveView } from './live-view.js';
import { createTerminalLiveView } from './live-view-worker.js';
import { textStream } from './text-stream.js';

// Ink reads CI once, when it is imported (is-in-ci): with CI set it draws nothing until unmount. These tests
// are about the terminal a person watches (the live reporter's default, the viewer's only mode), so CI is
// cleared before Ink loads, whatever the machine running them (CI=true in .ci/run).
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

/** The events up to and including the one with this sequence number. */
const until = (events: readonly RunEvent[], seq: number) => events.filter((e) => e.seq <= seq);
const recordedReport = (): RunReport =>
  JSON.parse(readFileSync(join(sampleRunDir, 'report.json'), 'utf8')) as RunReport;

describe('live view: the recorded run (fixtures/runs/sample) frame by frame', () => {
  it('shows the header, the running attempt with its phase, and the finished attempts above', async () => {
    const events = await sampleEvents();
    const state = emptyLiveState();
    const at = (seq: number) => events.find((e) => e.seq === seq)!.time;
    const view = (seq: number) => <LiveView state={state} now={at(seq) + 1500} columns={100} frame={seq} />;
    const ui = render(view(1));
    let fed = 0;
    const feed = (seq: number) => {
      for (const e of events) if (e.seq > fed && e.seq <= seq) applyEvent(state, e);
      fed = seq;
      ui.rerender(view(seq));
      return ui.lastFrame()!;
    };

    // Agent call of iteration 1 under way.
    let frame = feed(6);
    expect(frame).toMatch(/^run 20261125-103953-b786 · \d+s · 4 scenarios · 4 attempts · concurrency 1/);
    expect(frame).toMatch(/calculator-strict#1 {2}task 1\/1 {2}iter 1 {2}agent {2}\d+s\/5m00s {2}0 tok/);
    expect(frame).toContain('0/4 attempts  · tasks 0/7');

    // The reply is in, being judged.
    frame = feed(7);
    expect(frame).toMatch(/calculator-strict#1 {2}task 1\/1 {2}iter 1 {2}validating .* 3\.1k tok/);

    // Second iteration (the scorer asked for a clarification).
    frame = feed(13);
    expect(frame).toMatch(/iter 2 {2}agent/);

    // Every task ended: the checks run.
    frame = feed(18);
    expect(frame).toMatch(/calculator-strict#1 .* checking/);

    // The attempt ended: printed once above, with its verdict and reason.
    frame = feed(38);
    expect(frame).toMatch(
      /^✗ calculator-strict#1 {2}failed {2}\d+\.\ds {2}1\/1 tasks {2}8\.6k tok: 1 check failed/m,
    );
    expect(frame).toContain('1/4 attempts  ✗ 1 failed');

    // stress: four tasks, one at a time, each listed under the attempt.
    frame = feed(52);
    expect(frame).toMatch(/stress#1 {2}task 2\/4 {2}iter 1 {2}agent/);
    expect(frame).toMatch(/· Stress Task 2 {2}iter 1 {2}agent/);
    expect(frame).toContain('tasks 2/7');
    expect(frame).toMatch(/ETA ~\d+/);

    // The whole log: nothing running any more, four attempts above.
    frame = feed(events.at(-1)!.seq);
    expect(state.running.size).toBe(0);
    expect(frame.match(/^[✓✗] \S+#1 {2}(passed|failed)/gm)).toHaveLength(4);
    expect(frame).toContain('4/4 attempts  ✓ 3 passed  ✗ 1 failed');
    ui.unmount();
  });

  it('the reporter-facing controller draws the readiness summary last, from report.json', async () => {
    const events = await sampleEvents();
    let frames: () => string | undefined = () => undefined;
    const live = createLiveView({
      now: () => events.at(-1)!.time,
      mount: (tree) => {
        const ui = render(tree);
        frames = ui.lastFrame;
        return ui;
      },
    });
    for (const e of events) live.onEvent(e);
    await live.finish(recordedReport(), { runDir: sampleRunDir, files: [join(sampleRunDir, 'report.json')] });
    const frame = frames()!;
    expect(frame).toMatch(/Readiness: .*NOT_READY.* blockers must be fixed before production/);
    expect(frame).toContain('Scenarios: 3 passed, 1 failed (4 attempts)');
    expect(frame).toContain('✗ scenario calculator-strict failed');
    expect(frame).toMatch(/calculator-strict +✗ failed +0% +1\/1/);
    expect(frame).toContain('Against baseline 20261125-103431-9865: 1 regression');
    expect(frame).toMatch(/calculator +totalTokens +8000 +8630 +\+630 \(\+8%\) +✗ regression/);
    expect(frame).toContain(`Reports in ${sampleRunDir}/: report.json`);
    // The live rows gave way to the summary.
    expect(frame).not.toContain('attempts  ✓');
    live.dispose();
  });
});

describe('live view: which thread draws', () => {
  it('draws in the calling thread on a stream it is given (a worker only draws on the process terminal)', async () => {
    const events = await sampleEvents();
    let out = '';
    const live = createTerminalLiveView({ stdout: textStream((text) => (out += text), 100) });
    for (const e of events) live.onEvent(e);
    await live.finish(recordedReport(), { runDir: sampleRunDir });
    expect(out).toMatch(/Readiness: .*NOT_READY/);
    expect(live.state.finished).toHaveLength(4);
    live.dispose();
  });
});

describe('live view: bounded frame rate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws at most fps frames a second whatever the number of events (a 1,000-task run)', async () => {
    const events = stressRunEvents(1000, 8);
    let clock = events[0]!.time;
    let writes = 0;
    const live = createLiveView({
      fps: 12,
      now: () => clock,
      mount: (tree) => {
        const ui = render(tree);
        const rerender = ui.rerender;
        return {
          ...ui,
          rerender: (t) => {
            writes++;
            rerender(t);
          },
        };
      },
    });
    // Half the run's events at once (the event loop busy): no frame yet.
    const half = Math.floor(events.length / 2);
    for (const e of events.slice(0, half)) live.onEvent(e);
    expect(half).toBeGreaterThan(2500);
    expect(live.renders).toBe(0);
    // React and Ink load when the run begins; ticks before that draw nothing.
    vi.advanceTimersByTime(500);
    expect(live.renders).toBe(0);
    await live.ready();
    // One second of ticks: at most 12 frames (the first mounts Ink, the others redraw).
    clock += 1000;
    vi.advanceTimersByTime(1000);
    expect(live.renders).toBeGreaterThanOrEqual(1);
    expect(live.renders).toBeLessThanOrEqual(12);
    expect(writes).toBe(live.renders - 1);
    // The other half between ticks: still at most 12 frames a second, never one per event.
    for (const e of events.slice(half, -2)) live.onEvent(e);
    const busy = live.renders;
    clock += 1000;
    vi.advanceTimersByTime(1000);
    expect(live.renders - busy).toBeGreaterThanOrEqual(1);
    expect(live.renders - busy).toBeLessThanOrEqual(12);
    // Nothing changed: one frame a second for the clocks, not twelve.
    const before = live.renders;
    clock += 3000;
    vi.advanceTimersByTime(3000);
    expect(live.renders - before).toBeLessThanOrEqual(3);
    live.dispose();
    // Disposed: the timer is gone.
    const after = live.renders;
    vi.advanceTimersByTime(5000);
    expect(live.renders).toBe(after);
  });

  it('shows the running tasks of a concurrent attempt, the rest counted', () => {
    const events = stressRunEvents(1000, 8);
    const state = emptyLiveState();
    // Up to the start of the 45th task: 36 done, 8 running.
    const cut = events.findIndex(
      (e) => e.type === 'core' && e.event.type === 'task_start' && e.event.taskId === 45,
    );
    for (const e of events.slice(0, cut)) applyEvent(state, e);
    const ui = render(<LiveView state={state} now={events[cut]!.time} columns={80} />);
    const frame = ui.lastFrame()!;
    expect(frame).toContain('concurrency 8');
    expect(frame).toMatch(
      /stress#1 {2}tasks 37\/1000 \(7 running\) {2}iter 1 {2}(agent|validating) {2}\d+s\/10m00s {2}4\.4k tok/,
    );
    expect(frame.match(/^ {4}· Stress Task \d+/gm)).toHaveLength(6);
    expect(frame).toContain('… 1 more running');
    expect(frame).toContain('tasks 37/1000');
    ui.unmount();
  });
});

describe('live store', () => {
  it('folds the recorded log into phases, counts and an ETA', async () => {
    const events = await sampleEvents();
    const state = emptyLiveState();
    const phases: string[] = [];
    for (const e of until(events, 38)) {
      applyEvent(state, e);
      const attempt = state.running.get('calculator-strict#1');
      if (attempt && phases.at(-1) !== attemptPhase(attempt)) phases.push(attemptPhase(attempt));
    }
    expect(phases).toEqual(['setup', 'agent', 'validating', 'agent', 'validating', 'checking']);
    expect(state.counts.failed).toBe(1);
    expect(state.tasksDone).toBe(1);
    expect(etaMs(state, state.lastEventAt)).toBeGreaterThan(0);
    for (const e of events.slice(38)) applyEvent(state, e);
    expect(state.ended).toMatchObject({ interrupted: false });
    expect(state.finished.map((f) => `${f.attemptId} ${f.verdict}`)).toEqual([
      'calculator-strict#1 failed',
      'stress#1 passed',
      'calculator#1 passed',
      'csv-regression#1 passed',
    ]);
    expect(etaMs(state, state.lastEventAt)).toBe(0);
  });

  it('the report the summary reads is the one the log builds', async () => {
    // The live reporter gets buildReport(events) (plus the baseline comparison) in onEnd.
    const built = buildReport(await sampleEvents());
    expect(built.scenarios).toEqual(recordedReport().scenarios);
  });
});
