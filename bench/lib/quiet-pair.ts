import { NOISY_STEAL } from './figure.js';

/** One repetition of a paired figure: the two walls, and the steal each run saw (proc.ts). */
export interface Pair {
  subject: number;
  baseline: number;
  steal: readonly (number | undefined)[];
}

/** Times a pair is measured again when the hypervisor took more than NOISY_STEAL of the CPU. */
export const PAIR_RETRIES = 2;

/**
 * Measures a pair, and measures it again (up to PAIR_RETRIES times) while either of its runs lost more
 * than NOISY_STEAL of the machine's CPU to the hypervisor (steal.ts): such a pair compares the host's
 * load, not the code. The last pair is kept whatever its steal (the table marks the figure then); the
 * ones set aside are returned, to be recorded with the figure, so nothing is dropped silently.
 */
export async function quietPair(
  measure: () => Promise<Pair>,
  log: (message: string) => void,
): Promise<{ pair: Pair; setAside: Pair[] }> {
  const setAside: Pair[] = [];
  for (;;) {
    const pair = await measure();
    const worst = Math.max(0, ...pair.steal.map((s) => s ?? 0));
    if (worst <= NOISY_STEAL || setAside.length >= PAIR_RETRIES) return { pair, setAside };
    log(`    a run lost ${(worst * 100).toFixed(0)}% of the CPU to the hypervisor: measuring the pair again`);
    setAside.push(pair);
  }
}

/**
 * Runs the two sides of one repetition of a pair, `first` first on even repetitions and second on odd
 * ones, so that a drift in the machine's load favours neither side.
 */
export async function alternately(
  rep: number,
  first: () => Promise<void>,
  second: () => Promise<void>,
): Promise<void> {
  for (const side of rep % 2 === 0 ? [first, second] : [second, first]) await side();
}
