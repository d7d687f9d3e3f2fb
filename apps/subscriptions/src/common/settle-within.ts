/**
 * How long an API request waits for Kafka's acknowledgement of what it publishes (an event, a
 * webhook change, delivery jobs) before answering 503 publish_failed.
 */
export const PUBLISH_WAIT_MS = 15_000;

export type Settled<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: unknown }
  | { status: 'timeout' };

/**
 * Waits at most `ms` for `promise`. On timeout the promise keeps running (its rejection is
 * handled, never unhandled): used where a request must answer in bounded time while the work
 * it started (a Kafka send under a row lock) must finish or fail on its own.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'timeout' }), ms);
  });
  const settled = promise.then(
    (value): Settled<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): Settled<T> => ({ status: 'rejected', reason }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
