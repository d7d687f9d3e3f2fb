import {
  booleanFlag,
  databaseUrl,
  durationListMs,
  durationMs,
  encryptionKey,
  kafkaBrokers,
  port,
  positiveInt,
} from './env-schemas';

describe('durationMs', () => {
  const schema = durationMs('15s');

  it('uses the default when unset', () => {
    expect(schema.parse(undefined)).toBe(15_000);
  });

  it('parses a given duration', () => {
    expect(schema.parse('250ms')).toBe(250);
  });

  it('rejects a malformed duration with a helpful message', () => {
    const result = schema.safeParse('15');

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"15" is not a duration');
  });
});

describe('durationListMs', () => {
  const schema = durationListMs('5s,5m,30m,2h,5h,10h,10h');

  it('parses the default retry schedule to milliseconds', () => {
    expect(schema.parse(undefined)).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('parses a given list, tolerating spaces', () => {
    expect(schema.parse('500ms, 1s ,2m,1h')).toEqual([500, 1_000, 120_000, 3_600_000]);
  });

  it('parses a single entry', () => {
    expect(schema.parse('1s')).toEqual([1_000]);
  });

  it('rejects a bad entry and names it', () => {
    const result = schema.safeParse('5s,5x,1h');

    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toContain('bad entries: 5x');
  });

  it.each(['', '5s,,1h', '5s,'])('rejects the list %j', (text) => {
    expect(schema.safeParse(text).success).toBe(false);
  });
});

describe('port', () => {
  const schema = port(3002);

  it('defaults and coerces', () => {
    expect(schema.parse(undefined)).toBe(3002);
    expect(schema.parse('8080')).toBe(8080);
    expect(schema.parse('0')).toBe(0);
    expect(schema.parse('65535')).toBe(65_535);
  });

  it.each(['65536', '-1', '80.5', 'http'])('rejects %j', (text) => {
    expect(schema.safeParse(text).success).toBe(false);
  });
});

describe('positiveInt', () => {
  const schema = positiveInt(10);

  it('defaults and coerces', () => {
    expect(schema.parse(undefined)).toBe(10);
    expect(schema.parse('3')).toBe(3);
  });

  it.each(['0', '-2', '1.5', 'many'])('rejects %j', (text) => {
    expect(schema.safeParse(text).success).toBe(false);
  });
});

describe('booleanFlag', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads %j as %s', (text, value) => {
    expect(booleanFlag(false).parse(text)).toBe(value);
    expect(booleanFlag(true).parse(text)).toBe(value);
  });

  it('uses the default when unset', () => {
    expect(booleanFlag(true).parse(undefined)).toBe(true);
    expect(booleanFlag(false).parse(undefined)).toBe(false);
  });

  it.each(['maybe', 'on', ''])('rejects %j', (text) => {
    expect(booleanFlag(false).safeParse(text).success).toBe(false);
  });
});

describe('kafkaBrokers', () => {
  it('defaults to the local broker', () => {
    expect(kafkaBrokers.parse(undefined)).toEqual(['127.0.0.1:9092']);
  });

  it('splits and trims a comma-separated list', () => {
    expect(kafkaBrokers.parse('kafka-1:9092, kafka-2:9093')).toEqual([
      'kafka-1:9092',
      'kafka-2:9093',
    ]);
  });

  it.each(['kafka-1', 'kafka-1:port', '', 'kafka-1:9092,', 'ka fka:9092'])('rejects %j', (text) => {
    expect(kafkaBrokers.safeParse(text).success).toBe(false);
  });
});

describe('databaseUrl', () => {
  it('defaults to the local database', () => {
    expect(databaseUrl.parse(undefined)).toBe('postgres://postgres@127.0.0.1:5432/hookstream');
  });

  it.each(['postgres://user:pw@db:5432/app', 'postgresql://db/app'])('accepts %s', (url) => {
    expect(databaseUrl.parse(url)).toBe(url);
  });

  it.each(['mysql://db/app', 'http://db/app', 'not a url', ''])('rejects %j', (url) => {
    const result = databaseUrl.safeParse(url);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a postgres:// URL');
  });
});

describe('encryptionKey', () => {
  it('accepts base64 of 32 bytes', () => {
    expect(encryptionKey.safeParse(Buffer.alloc(32, 7).toString('base64')).success).toBe(true);
  });

  it.each([Buffer.alloc(16, 7).toString('base64'), Buffer.alloc(33, 7).toString('base64'), ''])(
    'rejects %j',
    (text) => {
      expect(encryptionKey.safeParse(text).success).toBe(false);
    },
  );
});
