// @ts-check
// Bounds for the fault suite: a scenario waits on brokers, apps and receivers that a fault may
// have broken, so every scenario gets a deadline (past it the scenario is recorded as FAILED
// with the reason, its platform is torn down and the run goes on), and so does the whole run.

export class DeadlineError extends Error {}

/**
 * Resolves or rejects like `work`, or rejects with a DeadlineError after `ms`. `work` is not
 * cancelled (nothing can be): the caller tears down what it was waiting on.
 * @template T
 * @param {Promise<T>} work
 * @param {number} ms
 * @param {string} what  for the message: "<what> did not finish within N s"
 * @returns {Promise<T>}
 */
export function withDeadline(work, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`${what} did not finish within ${Math.round(ms / 1000)} s`)),
      Math.max(0, ms),
    );
  });
  // Whatever `work` does after the deadline must not surface as an unhandled rejection.
  work.catch(() => {});
  return /** @type {Promise<T>} */ (Promise.race([work, expired])).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * @typedef {object} Budget
 * @property {number} trafficMs
 * @property {number} idleMs
 */

/** Starting a broker (or cluster) and the apps: 45 + 40 s seen on a loaded 2-core machine. */
export const STACK_START_BUDGET_MS = 180_000;

/**
 * How long one scenario may take: its traffic (and the tail after the last fault), the wait for
 * deliveries and for the attempt log (each ends after `idleMs` without progress, so twice), the
 * slowest fault (a cluster node's restart and resync, the 14 s receiver) for each fault it
 * injects one after the other (a rolling restart: one per broker), and a start of its platform
 * when it cannot reuse the previous one.
 * @param {Budget} sizes
 * @param {{ startsStack: boolean, faults?: number }} shape
 */
export function scenarioBudgetMs(sizes, { startsStack, faults = 1 }) {
  const faultsMs = 90_000 * faults;
  return (
    2 * sizes.trafficMs + 2 * sizes.idleMs + faultsMs + (startsStack ? STACK_START_BUDGET_MS : 0)
  );
}

/**
 * The time a scenario gets: its budget, but never past the run's deadline.
 * @param {number} budgetMs
 * @param {number} runDeadline epoch ms
 * @param {number} now
 */
export function timeLeftFor(budgetMs, runDeadline, now) {
  return Math.max(0, Math.min(budgetMs, runDeadline - now));
}
