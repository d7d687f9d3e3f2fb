/**
 * Which record decides a message's status. Records arrive from two topics (jobs on
 * hookstream.deliveries, results on hookstream.attempts) in no guaranteed order, and may be
 * replayed; every status-bearing record carries a stamp, and a status is applied only when its
 * stamp is newer than the stored one. Series order first (a redelivery starts a later series),
 * then the step within the series: a job for attempt n is step 2n, its result step 2n + 1.
 */
export interface StatusStamp {
  series: number;
  step: number;
}

export function jobStep(attempt: number): number {
  return attempt * 2;
}

export function attemptResultStep(attempt: number): number {
  return attempt * 2 + 1;
}

export function isNewerStamp(candidate: StatusStamp, stored: StatusStamp): boolean {
  return (
    candidate.series > stored.series ||
    (candidate.series === stored.series && candidate.step > stored.step)
  );
}
