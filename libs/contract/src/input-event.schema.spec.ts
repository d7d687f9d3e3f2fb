import { inputEventSchema, MAX_EVENT_BYTES, publishEventBodySchema } from './input-event.schema';

const validEvent = {
  id: 'evt_123',
  event: 'user.create',
  company: 'acme',
  data: { id: 'usr_1' },
};

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('inputEventSchema', () => {
  it('accepts the example from the design', () => {
    const event = {
      ...validEvent,
      environment: 'sandbox',
      userId: 'usr_9',
      occurredAt: '2026-11-21T10:00:00Z',
    };

    expect(inputEventSchema.parse(event)).toEqual(event);
  });

  it('defaults environment to live', () => {
    expect(inputEventSchema.parse(validEvent).environment).toBe('live');
  });

  it('rejects an unknown environment', () => {
    const result = inputEventSchema.safeParse({ ...validEvent, environment: 'staging' });

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['environment']);
  });

  it.each(['id', 'event', 'company', 'data'])('requires %s', (field) => {
    const event: Record<string, unknown> = { ...validEvent };
    delete event[field];

    const result = inputEventSchema.safeParse(event);

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual([field]);
  });

  it.each([
    ['id', ''],
    ['company', ''],
    ['company', 'x'.repeat(65)],
    ['id', 'x'.repeat(256)],
    ['userId', ''],
  ])('rejects %s = %j', (field, value) => {
    const result = inputEventSchema.safeParse({ ...validEvent, [field]: value });

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual([field]);
  });

  it.each(['User.create', 'user', 'user..create', 'user.create.', '', 'user.*'])(
    'rejects the event name %j',
    (name) => {
      const result = inputEventSchema.safeParse({ ...validEvent, event: name });

      expect(result.success).toBe(false);
      expect(issuePaths(result)).toEqual(['event']);
    },
  );

  it('rejects an event name longer than 255 characters', () => {
    const name = `user.${'a'.repeat(251)}`;

    expect(inputEventSchema.safeParse({ ...validEvent, event: name }).success).toBe(false);
  });

  it.each([
    ['an array', [1, 2]],
    ['null', null],
    ['a string', 'usr_1'],
    ['a number', 42],
  ])('rejects data that is %s', (_label, data) => {
    const result = inputEventSchema.safeParse({ ...validEvent, data });

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['data']);
  });

  it('accepts an empty data object and nested values', () => {
    expect(inputEventSchema.safeParse({ ...validEvent, data: {} }).success).toBe(true);
    expect(
      inputEventSchema.safeParse({ ...validEvent, data: { a: [1, { b: null }], c: 'd' } }).success,
    ).toBe(true);
  });

  it.each(['2026-11-21T10:00:00Z', '2026-11-21T10:00:00.123Z', '2026-11-21T10:00:00+02:00'])(
    'accepts occurredAt %s',
    (occurredAt) => {
      expect(inputEventSchema.parse({ ...validEvent, occurredAt }).occurredAt).toBe(occurredAt);
    },
  );

  it.each(['2026-11-21', 'yesterday', '2026-11-21 10:00:00Z', '1700000000'])(
    'rejects occurredAt %j',
    (occurredAt) => {
      const result = inputEventSchema.safeParse({ ...validEvent, occurredAt });

      expect(result.success).toBe(false);
      expect(issuePaths(result)).toEqual(['occurredAt']);
    },
  );

  it('leaves occurredAt undefined when absent', () => {
    expect(inputEventSchema.parse(validEvent).occurredAt).toBeUndefined();
  });

  it('limits records to 256 KiB', () => {
    expect(MAX_EVENT_BYTES).toBe(262_144);
  });
});

describe('publishEventBodySchema', () => {
  const body = { id: 'evt_1', event: 'user.create', data: { id: 'usr_1' } };

  it('accepts an event without company and defaults environment', () => {
    expect(publishEventBodySchema.parse(body)).toEqual({ ...body, environment: 'live' });
  });

  it('rejects company, which comes from the API key', () => {
    const result = publishEventBodySchema.safeParse({ ...body, company: 'acme' });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
    expect(JSON.stringify(result.error?.issues)).toContain('company');
  });

  it('rejects unknown fields', () => {
    const result = publishEventBodySchema.safeParse({ ...body, extra: true });

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('extra');
  });

  it('applies the same field rules as the input event', () => {
    expect(publishEventBodySchema.safeParse({ ...body, event: 'user' }).success).toBe(false);
    expect(publishEventBodySchema.safeParse({ ...body, data: [] }).success).toBe(false);
  });
});
