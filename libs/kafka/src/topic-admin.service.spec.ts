import { Logger } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { TopicAdmin } from './topic-admin.service';

/** An admin client whose offsets answers the test scripts, one per question. */
class FakeAdmin {
  connected = false;
  disconnected = false;

  constructor(
    private readonly answers: Array<Error | Array<{ partition: number; high: string }>>,
  ) {}

  async connect(): Promise<void> {
    this.connected = true;
    return Promise.resolve();
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }

  fetchTopicOffsets(): Promise<Array<{ partition: number; high: string }>> {
    const answer = this.answers.shift() ?? new Error('no answer scripted');
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

const notLeader = () =>
  Object.assign(new Error('This server is not the leader for that topic-partition'), {
    type: 'NOT_LEADER_FOR_PARTITION',
  });

function topicAdminOver(answers: ConstructorParameters<typeof FakeAdmin>[0]) {
  const admins: FakeAdmin[] = [];
  const kafka = {
    admin: () => {
      const admin = new FakeAdmin(answers);
      admins.push(admin);
      return admin;
    },
  };
  const topicAdmin = new TopicAdmin(kafka as unknown as Kafka, {
    replicationFactor: 1,
    minInsyncReplicas: undefined,
  });
  return { topicAdmin, admins };
}

describe('TopicAdmin.latestOffsets', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('asks a partition’s new leader on fresh metadata when the old one refuses', async () => {
    jest.useFakeTimers();
    const { topicAdmin, admins } = topicAdminOver([
      notLeader(),
      [
        { partition: 0, high: '42' },
        { partition: 1, high: '7' },
      ],
    ]);

    const offsets = topicAdmin.latestOffsets('hookstream.subscriptions');
    await jest.advanceTimersByTimeAsync(100);

    await expect(offsets).resolves.toEqual(
      new Map([
        [0, 42n],
        [1, 7n],
      ]),
    );
    expect(admins).toHaveLength(2);
    expect(admins[0]!.disconnected).toBe(true);
    expect(admins[1]!.disconnected).toBe(false);
  });

  it('shares one admin client among questions asked at once', async () => {
    const { topicAdmin, admins } = topicAdminOver([
      [{ partition: 0, high: '1' }],
      [{ partition: 0, high: '1' }],
    ]);

    await Promise.all([topicAdmin.latestOffsets('t'), topicAdmin.latestOffsets('t')]);

    expect(admins).toHaveLength(1);
  });

  it('gives up after six tries, with the last error', async () => {
    jest.useFakeTimers();
    const { topicAdmin, admins } = topicAdminOver(Array.from({ length: 6 }, notLeader));

    const offsets = topicAdmin.latestOffsets('t');
    const settled = expect(offsets).rejects.toThrow('not the leader');
    await jest.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1_600);

    await settled;
    expect(admins).toHaveLength(6);
    expect(admins.every((admin) => admin.disconnected)).toBe(true);
  });
});
