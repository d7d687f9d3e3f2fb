import { kafkaLogMethod } from './kafka-log-level';

const ERROR = 1;
const WARN = 2;
const INFO = 4;
const DEBUG = 5;

describe('kafkaLogMethod', () => {
  it('writes what kafkajs reports while a group coordinator is chosen at debug', () => {
    expect(
      kafkaLogMethod(
        ERROR,
        '[Connection] Response GroupCoordinator(key: 10, version: 2)',
        'The group coordinator is not available',
      ),
    ).toBe('debug');
  });

  it('writes leadership elections and rebalances at debug', () => {
    expect(
      kafkaLogMethod(
        ERROR,
        '[Connection] Response Metadata(key: 3, version: 6)',
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ),
    ).toBe('debug');
    expect(
      kafkaLogMethod(ERROR, 'The coordinator is not aware of this member, re-joining the group'),
    ).toBe('debug');
  });

  it('writes an unreachable broker as a warning (it is retried)', () => {
    expect(
      kafkaLogMethod(
        ERROR,
        '[BrokerPool] Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
      ),
    ).toBe('warn');
  });

  it('keeps other errors and warnings at their level', () => {
    expect(kafkaLogMethod(ERROR, 'Crash: KafkaJSNonRetriableError: Invalid API key')).toBe('error');
    expect(kafkaLogMethod(WARN, 'KafkaJS v2.0.0 switched default partitioner')).toBe('warn');
  });

  it('writes information at debug and drops kafkajs debug entries', () => {
    expect(kafkaLogMethod(INFO, 'Consumer has joined the group')).toBe('debug');
    expect(kafkaLogMethod(DEBUG, 'Request Fetch(key: 1, version: 11)')).toBeUndefined();
  });
});
