import { HookstreamMetrics } from '@app/metrics';
import { type Kafka } from 'kafkajs';
import { KafkajsConsumerPort } from './consumer-port';
import { type KafkaProducer } from './kafka-producer.service';

/** An admin client whose committed-offsets answers the test scripts, one per question. */
class FakeAdmin {
  readonly events = { REQUEST: 'admin.network.request' };
  disconnected = false;

  constructor(private readonly answers: Array<Error | string>) {}

  on(): void {}
  connect(): Promise<void> {
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }
  fetchOffsets() {
    const answer = this.answers.shift() ?? new Error('no answer scripted');
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve([{ topic: 't', partitions: [{ partition: 0, offset: answer }] }]);
  }
}

describe('KafkajsConsumerPort.committedOffsets', () => {
  it('asks again on a new admin client after one failed (its metadata may be stale)', async () => {
    const answers: Array<Error | string> = [new Error('This is not the correct coordinator'), '12'];
    const admins: FakeAdmin[] = [];
    const kafka = {
      admin: () => {
        const admin = new FakeAdmin(answers);
        admins.push(admin);
        return admin;
      },
    };
    const port = new KafkajsConsumerPort(
      kafka as unknown as Kafka,
      {} as KafkaProducer,
      new HookstreamMetrics(),
    );

    await expect(port.committedOffsets('g', ['t'])).rejects.toThrow('coordinator');
    await expect(port.committedOffsets('g', ['t'])).resolves.toEqual(new Map([['t:0', 12n]]));

    expect(admins).toHaveLength(2);
    expect(admins[0]!.disconnected).toBe(true);
    expect(admins[1]!.disconnected).toBe(false);
    await port.close();
  });
});
