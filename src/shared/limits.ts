/**
 * The longest delay a Node.js timer keeps: 2^31 - 1 ms (about 24.8 days). setTimeout with a longer
 * delay prints a TimeoutOverflowWarning and fires after 1 ms, so every duration obra-validate accepts
 * (scenario budgets and timeouts, the core's agent deadline) is at most this.
 */
export const MAX_TIMER_MS = 2_147_483_647;
