// @ts-check
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import {
  CLUSTER_REPLICATION,
  SINGLE_NODE_REPLICATION,
  brokerProperties,
  clusterLayout,
  parseKafkaArgs,
  randomClusterId,
} from './kafka.mjs';

describe('parseKafkaArgs', () => {
  it('reads one node by default', () => {
    expect(parseKafkaArgs(['--port', '19500', '--data', '.cache/kafka-dev'])).toEqual({
      brokers: 1,
      port: 19500,
      controllerPort: undefined,
      dataDir: '.cache/kafka-dev',
      logFile: undefined,
      clusterId: undefined,
    });
  });

  it('reads a cluster size and the --name=value form', () => {
    expect(parseKafkaArgs(['--brokers=3', '--port=19520'])).toMatchObject({
      brokers: 3,
      port: 19520,
    });
  });

  it.each([
    [['--port', '0'], /Invalid --port "0"/],
    [['--port', 'http'], /Invalid --port "http"/],
    [['--brokers', '0'], /Invalid --brokers "0"/],
    [['--brokers', '3', '--controller-port', '19001'], /--controller-port applies to one node/],
    [['--brokers', '3', '--log', 'x.log'], /--log applies to one node/],
    [['--colour', 'red'], /Unknown option '--colour'/],
    [['start'], /Unexpected argument 'start'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseKafkaArgs(argv)).toThrow(message);
  });
});

describe('clusterLayout', () => {
  it('gives each node a broker port, the controller port after it and its own folder', () => {
    const layout = clusterLayout({ brokers: 3, basePort: 19520, dataDir: '/d', logDir: '/l' });

    expect(layout).toEqual([
      {
        nodeId: 1,
        port: 19520,
        controllerPort: 19521,
        dataDir: path.join('/d', 'node-1'),
        logFile: path.join('/l', 'kafka-19520.log'),
      },
      {
        nodeId: 2,
        port: 19522,
        controllerPort: 19523,
        dataDir: path.join('/d', 'node-2'),
        logFile: path.join('/l', 'kafka-19522.log'),
      },
      {
        nodeId: 3,
        port: 19524,
        controllerPort: 19525,
        dataDir: path.join('/d', 'node-3'),
        logFile: path.join('/l', 'kafka-19524.log'),
      },
    ]);
  });
});

describe('brokerProperties', () => {
  const layout = clusterLayout({ brokers: 3, basePort: 19520, dataDir: '/d', logDir: '/l' });

  it('makes every node a voter of one quorum and replicates three times in a cluster', () => {
    const [, second] = layout;
    if (!second) throw new Error('the layout has no second node');
    const props = brokerProperties(second, layout, CLUSTER_REPLICATION);

    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': 2,
      'controller.quorum.voters': '1@127.0.0.1:19521,2@127.0.0.1:19523,3@127.0.0.1:19525',
      listeners: 'PLAINTEXT://127.0.0.1:19522,CONTROLLER://127.0.0.1:19523',
      'default.replication.factor': 3,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'min.insync.replicas': 2,
      'replica.lag.time.max.ms': 10000,
      'transaction.state.log.min.isr': 2,
      'auto.leader.rebalance.enable': true,
    });
  });

  it('keeps one replica of everything on a single node', () => {
    const [single] = clusterLayout({ brokers: 1, basePort: 19500, dataDir: '/d', logDir: '/l' });
    if (!single) throw new Error('the layout has no node');
    const props = brokerProperties(single, [single], SINGLE_NODE_REPLICATION);

    expect(props).toMatchObject({
      'controller.quorum.voters': '1@127.0.0.1:19501',
      'default.replication.factor': 1,
      'offsets.topic.replication.factor': 1,
      'min.insync.replicas': 1,
      'auto.leader.rebalance.enable': false,
    });
  });
});

describe('randomClusterId', () => {
  it('is a UUID in 22 characters of base64url', () => {
    expect(randomClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('draws again rather than hand out an id that starts with a dash', () => {
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = randomClusterId(() => draws.shift() ?? Buffer.alloc(16));
    expect(Buffer.alloc(16, 0xf8).toString('base64url')).toMatch(/^-/);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
    expect(draws).toHaveLength(0);
  });
});
