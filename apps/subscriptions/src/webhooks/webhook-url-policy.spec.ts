import { type ApiError } from '@app/http-kit';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { WebhookUrlPolicy } from './webhook-url-policy';

function policy(
  webhooks: SubscriptionsConfig['webhooks'],
  resolver = (host: string) =>
    host === 'hooks.example.com'
      ? Promise.resolve(['93.184.216.34'])
      : host === 'internal.example.com'
        ? Promise.resolve(['93.184.216.34', '10.1.2.3'])
        : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' })),
) {
  return new WebhookUrlPolicy({ webhooks } as SubscriptionsConfig, resolver);
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('WebhookUrlPolicy', () => {
  const strict = policy({ allowHttpUrls: false, allowedPrivateCidrs: [] });

  it('accepts public https URLs and returns them normalised', async () => {
    await expect(strict.check('https://93.184.216.34/hook')).resolves.toBe(
      'https://93.184.216.34/hook',
    );
    await expect(strict.check('HTTPS://Hooks.Example.com:443/a b')).resolves.toBe(
      'https://hooks.example.com/a%20b',
    );
  });

  it.each([
    ['http://93.184.216.34/', 'scheme'],
    ['https://10.0.0.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[::1]/', 'loopback'],
    ['https://localhost/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://100.64.0.1/', ''],
    ['https://user:pw@93.184.216.34/', 'credentials'],
    ['https://internal.example.com/', '10.1.2.3'],
    ['https://nowhere.invalid/', 'ENOTFOUND'],
  ])('refuses %s with 400 url_not_allowed naming the reason', async (url, reason) => {
    const error = await refusal(strict.check(url));
    expect(error.toBody()).toMatchObject({
      status: 400,
      code: 'url_not_allowed',
      details: [{ path: 'url', reason: expect.any(String) }],
    });
    expect(error.message).toMatch(/^url: /);
    expect(error.message).toContain(reason);
  });

  it('answers a string that is no URL with validation_failed', async () => {
    expect((await refusal(strict.check('not a url'))).code).toBe('validation_failed');
  });

  it('allows http and the ranges of ALLOWED_PRIVATE_CIDRS when configured', async () => {
    const local = policy({ allowHttpUrls: true, allowedPrivateCidrs: ['127.0.0.0/8'] });
    await expect(local.check('http://127.0.0.1:4000/hook')).resolves.toBe(
      'http://127.0.0.1:4000/hook',
    );
    await expect(local.check('http://localhost:4000/')).resolves.toBe('http://localhost:4000/');
    expect((await refusal(local.check('http://10.0.0.1/'))).code).toBe('url_not_allowed');
  });

  it('gives up on a resolver that does not answer', async () => {
    jest.useFakeTimers();
    try {
      const hanging = policy(
        { allowHttpUrls: false, allowedPrivateCidrs: [] },
        () => new Promise<string[]>(() => undefined),
      );
      const answer = refusal(hanging.check('https://slow.example.com/'));
      await jest.advanceTimersByTimeAsync(5_000);
      expect((await answer).message).toContain('ETIMEOUT');
    } finally {
      jest.useRealTimers();
    }
  });
});
