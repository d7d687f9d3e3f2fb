import { healthFromMessages, healthFromStats } from './webhook-health';

describe('webhook health', () => {
  it('takes the stats endpoint’s numbers as they are', () => {
    expect(
      healthFromStats({
        attempts: 10,
        failures: 2,
        successRate: 0.8,
        durationMs: { p50: 12, p95: 80 },
        messages: { pending: 1, failed: 2 },
        lastSuccessAt: '2026-11-21T10:00:00.000Z',
        lastFailureAt: null,
      }),
    ).toMatchObject({ source: 'stats', successRate: 0.8, sample: 10, p95Ms: 80, pending: 1 });
  });

  it('falls back on the share of delivered among finished messages', () => {
    const health = healthFromMessages(
      [
        { status: 'delivered', updatedAt: '2026-11-21T10:00:03.000Z' },
        { status: 'failed', updatedAt: '2026-11-21T10:00:02.000Z' },
        { status: 'pending', updatedAt: '2026-11-21T10:00:04.000Z' },
        { status: 'delivered', updatedAt: '2026-11-21T10:00:01.000Z' },
      ],
      true,
    );
    expect(health).toEqual({
      source: 'log',
      successRate: 2 / 3,
      sample: 3,
      sampleUnit: 'messages',
      failures: 1,
      pending: 1,
      p50Ms: null,
      p95Ms: null,
      lastSuccessAt: '2026-11-21T10:00:03.000Z',
      lastFailureAt: '2026-11-21T10:00:02.000Z',
      partial: true,
    });
    expect(healthFromMessages([], false)).toMatchObject({ successRate: null, sample: 0 });
  });
});
