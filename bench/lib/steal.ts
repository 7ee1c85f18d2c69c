import { readFileSync } from 'node:fs';

/**
 * CPU time stolen from this machine by its hypervisor while a measurement ran (Linux's /proc/stat
 * "steal"): the share of all CPU ticks of the interval, 0..1. On a shared virtual machine it is the
 * noise no ratio against a baseline can remove: a run that lost a third of its CPU to other guests
 * is slower whatever the code does, and its partner in a pair may have lost nothing. Every timed run
 * records it (proc.ts), and each figure reports the steal of its runs (run.ts) so that a reader knows
 * which figures to distrust.
 */
export interface CpuTicks {
  steal: number;
  total: number;
}

/** The machine's CPU ticks so far; undefined where /proc/stat has no steal column (not Linux). */
export function cpuTicks(): CpuTicks | undefined {
  try {
    return parseCpuLine(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '');
  } catch {
    return undefined;
  }
}

/** "cpu  user nice system idle iowait irq softirq steal ..." → the steal and the sum of all eight. Pure. */
export function parseCpuLine(line: string): CpuTicks | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 9) return undefined;
  const ticks = fields.slice(1, 9).map(Number);
  if (ticks.some((t) => !Number.isFinite(t))) return undefined;
  return { steal: ticks[7]!, total: ticks.reduce((a, b) => a + b, 0) };
}

/** The share of the ticks between two readings that were stolen (undefined without both, or no tick). */
export function stolenShare(before: CpuTicks | undefined, after: CpuTicks | undefined): number | undefined {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  return total > 0 ? (after.steal - before.steal) / total : undefined;
}

const recorded: number[] = [];

/** Notes the steal of one timed run (proc.ts). */
export function recordSteal(share: number | undefined): void {
  if (share !== undefined) recorded.push(share);
}

/** The steal shares recorded since the last call, and forgets them (run.ts, once per figure). */
export function takeSteal(): number[] {
  return recorded.splice(0);
}
