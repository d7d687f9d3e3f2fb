import { type DisableCandidate, strongestCandidates } from './webhook-disabler.service';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));
const candidate = (
  webhookId: string,
  reason: DisableCandidate['reason'],
  minute: number,
): DisableCandidate => ({
  webhookId,
  reason,
  at: at(minute + 1),
  seriesStartedAt: at(minute),
  messageId: `msg_${webhookId}_${minute}`,
});

describe('strongestCandidates', () => {
  it('keeps one candidate per webhook, preferring 410 Gone, then the latest series', () => {
    const picked = strongestCandidates([
      candidate('wh_a', 'exhausted', 5),
      candidate('wh_a', 'gone', 1),
      candidate('wh_a', 'exhausted', 9),
      candidate('wh_b', 'exhausted', 2),
      candidate('wh_b', 'exhausted', 7),
    ]);
    expect(picked).toEqual([candidate('wh_a', 'gone', 1), candidate('wh_b', 'exhausted', 7)]);
  });
});
