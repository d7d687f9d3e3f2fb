import { type ApiError } from '@app/http-kit';
import { idempotencyScope, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('accepts 1..255 printable ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('order 42/retry#1')).toBe('order 42/retry#1');
    expect(parseIdempotencyKey('x'.repeat(255))).toHaveLength(255);
  });

  it.each(['', 'x'.repeat(256), 'tab\there', 'ünïcode', 'nul\u0000'])(
    'refuses %j with 400 validation_failed',
    (key) => {
      let error: ApiError | undefined;
      try {
        parseIdempotencyKey(key);
      } catch (caught) {
        error = caught as ApiError;
      }
      expect(error?.toBody()).toMatchObject({
        status: 400,
        code: 'validation_failed',
        details: [{ path: 'header.Idempotency-Key' }],
      });
    },
  );
});

describe('idempotencyScope', () => {
  it('separates companies from each other and from the admin token', () => {
    expect(idempotencyScope({ kind: 'company', companyId: 'acme', apiKeyId: 'key_1' })).toBe(
      'company:acme',
    );
    expect(idempotencyScope({ kind: 'admin' })).toBe('admin');
  });
});
