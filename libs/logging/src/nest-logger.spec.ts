import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createRootLogger } from './root-logger';
import { isNestStartupLine, nestLoggerOver } from './nest-logger';

const lines: Array<Record<string, unknown>> = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});
// One per process: nestjs-pino keeps the first logger it is given.
const service = nestLoggerOver(
  createRootLogger({ format: 'json', level: 'debug', service: 'test' }, stream),
);

beforeAll(() => {
  Logger.overrideLogger(service);
});
beforeEach(() => lines.splice(0));

describe('isNestStartupLine', () => {
  it('recognises the contexts of Nest’s start-up lines', () => {
    expect(isNestStartupLine(['InstanceLoader'])).toBe(true);
    expect(isNestStartupLine(['RouterExplorer'])).toBe(true);
    expect(isNestStartupLine(['DeliveryService'])).toBe(false);
    expect(isNestStartupLine([])).toBe(false);
  });
});

describe('HookstreamLogger', () => {
  it('writes Nest’s module and route lines at debug', () => {
    new Logger('InstanceLoader').log('KafkaModule dependencies initialized');
    new Logger('RouterExplorer').log('Mapped {/v1/events, POST} route');

    expect(lines.map((line) => [line.level, line.context])).toEqual([
      ['debug', 'InstanceLoader'],
      ['debug', 'RouterExplorer'],
    ]);
  });

  it('writes the apps’ lines at their level, with context and fields', () => {
    new Logger('KafkaProducer').warn({
      msg: 'send failed, retrying',
      topic: 'hookstream.attempts',
      err: new Error('broker away'),
    });
    new Logger('TopicAdmin').log('created topics');

    expect(lines[0]).toMatchObject({
      level: 'warn',
      context: 'KafkaProducer',
      msg: 'send failed, retrying',
      topic: 'hookstream.attempts',
      err: { message: 'broker away' },
    });
    expect(lines[1]).toMatchObject({ level: 'info', context: 'TopicAdmin', msg: 'created topics' });
  });

  it('writes an Error given as the message under err, with its stack', () => {
    new Logger('runService').fatal(new Error('listen EADDRINUSE'));

    expect(lines[0]).toMatchObject({ level: 'fatal', err: { message: 'listen EADDRINUSE' } });
    expect((lines[0]?.err as { stack: string }).stack).toContain('nest-logger.spec.ts');
  });
});
