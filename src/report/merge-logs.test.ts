import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/index.js';
import { buildReport } from './build-report.js';
import { mergeEventLogs } from './merge-logs.js';
import { sampleRuns } from './test-helpers/sample-runs.js';
import type { RunReport } from './types.js';

const runs = sampleRuns();
const log = (name: string, source = name) => ({ source, events: runs[name]! });
/** Everything but the run id and the run's duration. */
const comparable = ({ runId: _id, durationMs: _d, ...rest }: RunReport) => rest;

describe('mergeEventLogs', () => {
  it('two shards merged report exactly what the full run reports (but the run id and duration)', () => {
    const full = buildReport(runs['sharded-full']!);
    const merged = buildReport(mergeEventLogs([log('shard-1'), log('shard-2')]));
    expect(comparable(merged)).toEqual(comparable(full));
    expect(merged.runId).toBe('20261125-090000-s1-merged');
    expect(merged.durationMs).toBe(4200);
    expect(merged.shard).toBeUndefined();
  });

  it('gives the same report whatever the order of the shards', () => {
    const a = buildReport(mergeEventLogs([log('shard-1'), log('shard-2')]));
    const b = buildReport(mergeEventLogs([log('shard-2'), log('shard-1')]));
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('renumbers the events, sums planned attempts and keeps run-level findings', () => {
    const events = mergeEventLogs([
      log('failing'),
      { source: 'other', events: renamed(runs.passing!, 'other') },
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const begin = events[0]!;
    expect(begin.type === 'run_begin' && begin.scenarios.map((s) => [s.name, s.attempts])).toEqual([
      ['calculator', 2],
      ['stress', 1],
      ['csv-regression', 1],
      ['docs', 1],
      ['other-calculator', 2],
      ['other-stress', 1],
      ['other-csv-regression', 1],
    ]);
    expect(events.filter((e) => e.type === 'finding' && e.attemptId === undefined)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run_end', durationMs: 12000, interrupted: false });
  });

  it('an interrupted shard (or one without run_end) makes the merged run interrupted', () => {
    const cut = runs['shard-2']!.filter((e) => e.type !== 'run_end');
    expect(buildReport(mergeEventLogs([log('shard-1'), { source: 'cut', events: cut }])).interrupted).toBe(
      true,
    );
  });

  it('returns a single log unchanged', () => {
    expect(mergeEventLogs([log('passing')])).toEqual(runs.passing);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'the same log twice',
      () => mergeEventLogs([log('passing', 'a/'), log('passing', 'b/')]),
      /attempt calculator#1 is in both a\/ and b\//,
    ],
    [
      'the same shard index twice',
      () => mergeEventLogs([log('shard-1', 'a/'), { source: 'b/', events: renamed(runs['shard-1']!, 'x') }]),
      /a\/ and b\/ are both shard 1\/2/,
    ],
    [
      'shards of different totals',
      () => mergeEventLogs([log('shard-1'), { source: 'c/', events: reshard(runs['shard-2']!, 3) }]),
      /c\/ is shard 2\/3 but an earlier log is a shard of 2/,
    ],
    [
      'a log without run_begin',
      () => mergeEventLogs([log('shard-1'), { source: 'd/', events: runs['shard-2']!.slice(1) }]),
      /d\/ has no run_begin event/,
    ],
    ['nothing', () => mergeEventLogs([]), /no event log to merge/],
  ])('refuses %s', (_what, merge, message) => {
    expect(merge).toThrow(message);
  });
});

/** The same log with every scenario renamed `<prefix>-<name>` (so its attempts are distinct). */
function renamed(events: RunEvent[], prefix: string): RunEvent[] {
  const text = JSON.stringify(events).replace(
    /"(calculator|stress|csv-regression)(#\d)?"/g,
    (_m, name: string, n?: string) => `"${prefix}-${name}${n ?? ''}"`,
  );
  return JSON.parse(text) as RunEvent[];
}

function reshard(events: RunEvent[], total: number): RunEvent[] {
  return events.map((e) => (e.type === 'run_begin' && e.shard ? { ...e, shard: { ...e.shard, total } } : e));
}
