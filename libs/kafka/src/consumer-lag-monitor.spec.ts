import { Logger } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { ConsumerLagMonitor, type LagReport, type MonitoredConsumer } from './consumer-lag-monitor';

describe('ConsumerLagMonitor.assess', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  let now = 0;
  const waiting = new Set<number>();
  const consumer: MonitoredConsumer = {
    groupId: 'hookstream-delivery',
    topics: ['t'],
    isWaitingUntilDue: (_topic, partition) => waiting.has(partition),
  };
  const monitor = new ConsumerLagMonitor(
    {} as Kafka,
    [consumer],
    () => undefined,
    1_000,
    60_000,
    () => now,
  );

  it('sums the lag and flags a partition whose commits stopped while it has lag', () => {
    now = 0;
    expect(
      monitor.assess(consumer, 't', [
        { partition: 0, committed: 10n, end: 15n },
        { partition: 1, committed: 7n, end: 7n },
      ]),
    ).toEqual({ topic: 't', lag: 5, stalledPartitions: 0 });

    now = 59_999;
    expect(monitor.assess(consumer, 't', [{ partition: 0, committed: 10n, end: 20n }])).toEqual({
      topic: 't',
      lag: 10,
      stalledPartitions: 0,
    });

    now = 60_000;
    expect(monitor.assess(consumer, 't', [{ partition: 0, committed: 10n, end: 20n }])).toEqual({
      topic: 't',
      lag: 10,
      stalledPartitions: 1,
    });
  });

  it('clears the stall once the committed offset moves, and never flags a caught-up partition', () => {
    now = 120_000;
    expect(
      monitor.assess(consumer, 't', [
        { partition: 0, committed: 11n, end: 20n },
        { partition: 1, committed: 7n, end: 7n },
      ]).stalledPartitions,
    ).toBe(0);
    now = 500_000;
    expect(
      monitor.assess(consumer, 't', [{ partition: 1, committed: 7n, end: 7n }]).stalledPartitions,
    ).toBe(0);
  });

  it('logs a stalled partition with what its consumer knows of it', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const described: MonitoredConsumer = {
      ...consumer,
      describePartition: (topic, partition) => ({ topic, partition, full: true }),
    };
    try {
      now = 3_000_000;
      monitor.assess(described, 't', [{ partition: 3, committed: 1n, end: 5n }]);
      now += 60_000;
      monitor.assess(described, 't', [{ partition: 3, committed: 1n, end: 5n }]);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          partition: 3,
          lag: 4n,
          consumer: { topic: 't', partition: 3, full: true },
        }),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('does not flag a retry tier partition that waits for its head job to come due', () => {
    now = 1_000_000;
    monitor.assess(consumer, 't', [{ partition: 2, committed: 3n, end: 9n }]);
    waiting.add(2);
    now = 2_000_000;
    expect(
      monitor.assess(consumer, 't', [{ partition: 2, committed: 3n, end: 9n }]).stalledPartitions,
    ).toBe(0);
  });
});

describe('ConsumerLagMonitor.measure', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('measures on a new admin client after one failed (its metadata may be stale)', async () => {
    const admins: Array<{ disconnected: boolean }> = [];
    let failNext = true;
    const kafka = {
      admin: () => {
        const admin = {
          disconnected: false,
          connect: () => Promise.resolve(),
          disconnect: () => {
            admin.disconnected = true;
            return Promise.resolve();
          },
          fetchOffsets: () =>
            Promise.resolve([{ topic: 't', partitions: [{ partition: 0, offset: '3' }] }]),
          fetchTopicOffsets: () => {
            if (!failNext) return Promise.resolve([{ partition: 0, high: '10' }]);
            failNext = false;
            return Promise.reject(
              new Error('This server is not the leader for that topic-partition'),
            );
          },
        };
        admins.push(admin);
        return admin;
      },
    };
    const reports: LagReport[] = [];
    const monitor = new ConsumerLagMonitor(
      kafka as unknown as Kafka,
      [{ groupId: 'g', topics: ['t'], isWaitingUntilDue: () => false }],
      (report) => reports.push(report),
      1_000,
    );

    await monitor.measure();
    await monitor.measure();

    expect(admins).toHaveLength(2);
    expect(admins[0]!.disconnected).toBe(true);
    expect(reports).toEqual([{ topic: 't', lag: 7, stalledPartitions: 0 }]);
  });
});
