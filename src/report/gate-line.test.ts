import { describe, expect, it } from 'vitest';
import { gateHeadline } from './gate-line.js';

describe('gateHeadline', () => {
  it.each<[string, Parameters<typeof gateHeadline>[0], string | undefined]>([
    ['no gate in the report', { interrupted: false }, undefined],
    ['gate passed', { interrupted: false, gate: { exitCode: 0, reasons: [], deferred: ['x'] } }, undefined],
    [
      'gate failed, one reason',
      {
        interrupted: false,
        gate: { exitCode: 1, reasons: ['required scenario hello not in this run'], deferred: [] },
      },
      'GATE FAILED (exit 1): required scenario hello not in this run',
    ],
    [
      'gate failed, three reasons',
      { interrupted: false, gate: { exitCode: 1, reasons: ['a', 'b', 'c'], deferred: [] } },
      'GATE FAILED (exit 1): a (+2 more)',
    ],
    [
      'could not judge',
      { interrupted: false, gate: { exitCode: 3, reasons: ['no scenario could be judged'], deferred: [] } },
      'GATE COULD NOT JUDGE (exit 3): no scenario could be judged',
    ],
    [
      'interrupted: the banner says so already',
      { interrupted: true, gate: { exitCode: 130, reasons: ['x'], deferred: [] } },
      undefined,
    ],
  ])('%s', (_what, report, expected) => {
    expect(gateHeadline(report)).toBe(expected);
  });
});
