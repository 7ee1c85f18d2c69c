import { describe, expect, it } from 'vitest';
import { alternately, PAIR_RETRIES, quietPair } from '../bench/lib/quiet-pair.js';
import { parseCpuLine, stolenShare } from '../bench/lib/steal.js';
import { formatTable } from '../bench/lib/table.js';

// The benchmark (bench/, `npm run bench`) is not part of `npm test`; these are its pure helpers.
describe('bench: CPU stolen by the hypervisor', () => {
  it('reads the steal column and the total of /proc/stat\'s "cpu" line', () => {
    expect(parseCpuLine('cpu  1058926 3420 206220 8407391 12884 0 10156 132013 0 0')).toEqual({
      steal: 132013,
      total: 1058926 + 3420 + 206220 + 8407391 + 12884 + 0 + 10156 + 132013,
    });
    expect(parseCpuLine('cpu0 1 2 3 4 5 6 7 8')).toBeUndefined();
    expect(parseCpuLine('cpu 1 2 3')).toBeUndefined();
  });

  it('gives the share of the ticks between two readings that were stolen', () => {
    expect(stolenShare({ steal: 100, total: 1000 }, { steal: 400, total: 2000 })).toBeCloseTo(0.3);
    expect(stolenShare({ steal: 5, total: 10 }, { steal: 5, total: 10 })).toBeUndefined();
    expect(stolenShare(undefined, { steal: 5, total: 10 })).toBeUndefined();
  });

  it('marks a figure measured under more than 10% steal, and says what that means', () => {
    const summary = { median: 1.2, min: 1.1, max: 1.3, spread: 0.17, samples: [1.1, 1.2, 1.3] };
    const table = formatTable([
      { id: '1', name: 'quiet', unit: 'x', summary, steal: { share: 0.02, maxRun: 0.04 } },
      { id: '8', name: 'noisy', unit: 'x', summary, steal: { share: 0.05, maxRun: 0.33 } },
    ]);
    expect(table).toMatch(/quiet .* 2% \(4%\)$/m);
    expect(table).toMatch(/noisy .* 5% \(33%\) !$/m);
    expect(table).toContain('! the hypervisor took more than 10% of the CPU');
  });

  it('measures a pair again while one of its runs lost more than 10% to steal, and keeps what it set aside', async () => {
    const steals = [
      [0.02, 0.3],
      [0.12, 0.01],
      [0.01, 0.05],
    ];
    let calls = 0;
    const logged: string[] = [];
    const { pair, setAside } = await quietPair(
      async () => ({ subject: 2 + calls, baseline: 1, steal: steals[calls++]! }),
      (m) => logged.push(m),
    );
    expect(pair).toEqual({ subject: 4, baseline: 1, steal: [0.01, 0.05] });
    expect(setAside.map((p) => p.subject)).toEqual([2, 3]);
    expect(logged).toHaveLength(2);
  });

  it('keeps the last pair, marked by the table, once the retries are spent', async () => {
    let calls = 0;
    const { pair, setAside } = await quietPair(
      async () => ({ subject: ++calls, baseline: 1, steal: [0.5, undefined] }),
      () => {},
    );
    expect(setAside).toHaveLength(PAIR_RETRIES);
    expect(pair.subject).toBe(PAIR_RETRIES + 1);
  });

  it('runs the two sides of a pair in turns: first first on even repetitions, last on odd ones', async () => {
    const order: string[] = [];
    for (let rep = 0; rep < 3; rep++) {
      await alternately(
        rep,
        async () => void order.push(`a${rep}`),
        async () => void order.push(`b${rep}`),
      );
    }
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2']);
  });
});
