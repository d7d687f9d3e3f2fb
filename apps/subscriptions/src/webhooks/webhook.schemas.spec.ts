import {
  createWebhookBodySchema,
  listWebhooksQuerySchema,
  recoverBodySchema,
  rotateSecretBodySchema,
  updateWebhookBodySchema,
} from './webhook.schemas';

describe('webhook bodies', () => {
  it('applies defaults', () => {
    expect(createWebhookBodySchema.parse({ url: 'https://example.com/h' })).toEqual({
      url: 'https://example.com/h',
      description: '',
      events: ['*'],
      enabled: true,
    });
  });

  it('deduplicates event filters and checks their shape and count', () => {
    const body = createWebhookBodySchema.parse({
      url: 'https://x.io',
      events: ['user.*', 'user.*', 'a.b'],
    });
    expect(body.events).toEqual(['user.*', 'a.b']);
    for (const events of [
      [],
      ['User.Create'],
      ['user'],
      ['user.'],
      ['*.create'],
      Array(101).fill('a.b'),
    ]) {
      expect(createWebhookBodySchema.safeParse({ url: 'https://x.io', events }).success).toBe(
        false,
      );
    }
  });

  it('rejects unknown fields, bad URLs and bad secrets', () => {
    expect(createWebhookBodySchema.safeParse({ url: 'https://x.io', extra: 1 }).success).toBe(
      false,
    );
    expect(createWebhookBodySchema.safeParse({ url: 'x.io/hook' }).success).toBe(false);
    expect(
      createWebhookBodySchema.safeParse({ url: `https://x.io/${'a'.repeat(2048)}` }).success,
    ).toBe(false);
    expect(
      createWebhookBodySchema.safeParse({ url: 'https://x.io', secret: 'whsec_short' }).success,
    ).toBe(false);
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(createWebhookBodySchema.parse({ url: 'https://x.io', secret }).secret).toBe(secret);
    expect(updateWebhookBodySchema.safeParse({ secret }).success).toBe(false);
  });

  it('validates list queries', () => {
    expect(listWebhooksQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(listWebhooksQuerySchema.safeParse({ cursor: 'zzz' }).success).toBe(false);
    expect(listWebhooksQuerySchema.safeParse({ other: '1' }).success).toBe(false);
  });
});

describe('rotate-secret body', () => {
  it('defaults the grace period to a day, also without a body', () => {
    expect(rotateSecretBodySchema.parse(undefined)).toEqual({ gracePeriodSeconds: 86_400 });
    expect(rotateSecretBodySchema.parse({})).toEqual({ gracePeriodSeconds: 86_400 });
    expect(rotateSecretBodySchema.parse({ gracePeriodSeconds: 0 })).toEqual({
      gracePeriodSeconds: 0,
    });
  });

  it('accepts 0..604800 whole seconds and a client secret in the whsec_ format', () => {
    for (const gracePeriodSeconds of [-1, 604_801, 1.5, '60', null]) {
      expect(rotateSecretBodySchema.safeParse({ gracePeriodSeconds }).success).toBe(false);
    }
    expect(rotateSecretBodySchema.parse({ gracePeriodSeconds: 604_800 }).gracePeriodSeconds).toBe(
      604_800,
    );
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    expect(rotateSecretBodySchema.parse({ secret }).secret).toBe(secret);
    expect(rotateSecretBodySchema.safeParse({ secret: 'whsec_short' }).success).toBe(false);
    expect(rotateSecretBodySchema.safeParse({ other: 1 }).success).toBe(false);
  });
});

describe('recover body', () => {
  it('requires a past or present ISO datetime', () => {
    expect(recoverBodySchema.parse({ since: '2026-01-01T00:00:00Z' }).since).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(recoverBodySchema.parse({ since: '2026-01-01T02:00:00+02:00' }).since).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    for (const body of [{}, { since: 'yesterday' }, { since: '2026-01-01' }, { since: future }]) {
      expect(recoverBodySchema.safeParse(body).success).toBe(false);
    }
    expect(recoverBodySchema.safeParse(undefined).success).toBe(false);
    expect(
      recoverBodySchema.safeParse({ since: '2026-01-01T00:00:00Z', extra: true }).success,
    ).toBe(false);
  });
});
