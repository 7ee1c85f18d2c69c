import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/index.js';
import { buildReport } from '../report/index.js';
import { createMultiplexer, exitCodeWithReporterErrors } from './multiplexer.js';
import type { Reporter } from './reporter.js';
import { fixtureEvents } from './test-helpers/fixtures.js';

/** A reporter that logs every call it gets. */
function recorder(name: string, log: string[], extra: Partial<Reporter> = {}): Reporter {
  return {
    name,
    onBegin: (e) => log.push(`${name}.onBegin ${e.runId}`),
    onEvent: (e) => log.push(`${name}.onEvent ${e.seq} ${e.type}`),
    onEnd: (r, c) => {
      log.push(`${name}.onEnd ${r.runId} ${c.runDir}`);
    },
    ...extra,
  };
}

async function replay(events: RunEvent[], reporters: Reporter[]) {
  const mux = createMultiplexer(reporters);
  for (const e of events) mux.onEvent(e);
  const live = mux.takeFindings();
  const all = await mux.onEnd(buildReport(events), { runDir: '/runs/x' });
  return { live, all, mux };
}

describe('reporter multiplexer', () => {
  it('calls onBegin, then every event in order, then onEnd, for each reporter', async () => {
    const events = await fixtureEvents('interrupted');
    const log: string[] = [];
    await replay(events, [recorder('a', log), { name: 'empty' }, recorder('b', log)]);
    expect(log.slice(0, 3)).toEqual([
      'a.onBegin 20261125-083000-int',
      'b.onBegin 20261125-083000-int',
      'a.onEvent 1 run_begin',
    ]);
    expect(log.filter((l) => l.startsWith('a.onEvent')).map((l) => Number(l.split(' ')[1]))).toEqual(
      events.map((e) => e.seq),
    );
    expect(log.slice(-2)).toEqual([
      'a.onEnd 20261125-083000-int /runs/x',
      'b.onEnd 20261125-083000-int /runs/x',
    ]);
  });

  it.each<[string, Partial<Reporter>, RegExp]>([
    [
      'onBegin',
      {
        onBegin: () => {
          throw new Error('begin broke');
        },
      },
      /reporter bad threw in onBegin: begin broke/,
    ],
    [
      'onEvent',
      {
        onEvent: () => {
          throw new Error('event broke');
        },
      },
      /reporter bad threw in onEvent: event broke \d+ times/,
    ],
    [
      'onEnd',
      {
        onEnd: () => {
          throw new TypeError('end broke');
        },
      },
      /reporter bad threw in onEnd: end broke \(a harness bug/,
    ],
    [
      'onEnd (async)',
      { onEnd: async () => Promise.reject(new Error('rejected')) },
      /threw in onEnd: rejected/,
    ],
    [
      'onEnd on a full disk (not a harness bug, no stack)',
      {
        onEnd: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      },
      /^reporter bad could not write its output in onEnd: ENOSPC: no space left on device, write \(its output is missing or incomplete; free space on the disk or make the output folder writable\)$/,
    ],
    [
      'onEnd on a full disk, with the path of the output it was writing',
      {
        onEnd: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            path: '/runs/r1/report.json',
          });
        },
      },
      /^reporter bad could not write its output in onEnd: \/runs\/r1\/report\.json: ENOSPC: no space left on device, write \(/,
    ],
    [
      'a non-Error',
      {
        onEvent: () => {
          throw 'a string';
        },
      },
      /threw in onEvent: a string/,
    ],
  ])(
    'a reporter that throws in %s becomes one reporter_error finding; the others still run',
    async (_hook, hooks, message) => {
      const log: string[] = [];
      const { all, live } = await replay(await fixtureEvents('passing'), [
        recorder('before', log),
        { name: 'bad', ...hooks },
        recorder('after', log),
      ]);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ kind: 'reporter_error', severity: 'major', evidence: [] });
      expect(all[0]!.message).toMatch(message);
      expect(live.length).toBe(_hook.startsWith('onEnd') ? 0 : 1);
      expect(log.filter((l) => l.startsWith('after.onEvent'))).toHaveLength(24);
      expect(log.at(-1)).toMatch(/^after\.onEnd/);
    },
  );

  it('takeFindings hands each live failure over once', async () => {
    const mux = createMultiplexer([
      {
        name: 'bad',
        onEvent: () => {
          throw new Error('x');
        },
      },
    ]);
    const [first, second] = await fixtureEvents('passing');
    mux.onEvent(first!);
    expect(mux.takeFindings()).toHaveLength(1);
    mux.onEvent(second!);
    expect(mux.takeFindings()).toHaveLength(0);
    expect(mux.printsToStdio).toBe(false);
  });

  it.each([
    [0, 0, 0],
    [0, 1, 3],
    [1, 1, 1],
    [3, 1, 3],
    [130, 1, 130],
  ])('exit %i with %i reporter errors → %i', (code, errors, expected) => {
    const findings = Array.from({ length: errors }, () => ({
      kind: 'reporter_error',
      severity: 'major' as const,
      message: 'x',
      evidence: [],
    }));
    expect(exitCodeWithReporterErrors(code, findings)).toBe(expected);
  });
});
