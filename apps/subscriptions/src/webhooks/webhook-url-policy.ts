import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { ApiError } from '@app/http-kit';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { MAX_URL_LENGTH } from './webhook.schemas';

/**
 * Decides whether a webhook may point at a URL, and normalises it. The shape (absolute URL,
 * length) is checked by the body schema; this adds the deployment's policy.
 *
 * The SSRF guard (refusing hosts that resolve to private, loopback, link-local, … addresses
 * unless allowed by ALLOWED_PRIVATE_CIDRS) belongs here too, which is why `check` is async.
 */
@Injectable()
export class WebhookUrlPolicy {
  private readonly allowHttp: boolean;

  constructor(@Inject(APP_CONFIG) config: SubscriptionsConfig) {
    this.allowHttp = config.webhooks.allowHttpUrls;
  }

  /** The normalised URL to store, or a 400 naming the problem. */
  // eslint-disable-next-line @typescript-eslint/require-await -- the DNS check will await here
  async check(text: string): Promise<string> {
    const url = new URL(text);
    const allowed = this.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol)) {
      throw invalidUrl(this.allowHttp ? 'must use https or http' : 'must use https');
    }
    if (url.hostname === '') throw invalidUrl('must name a host');
    if (url.href.length > MAX_URL_LENGTH) {
      throw invalidUrl(`must be at most ${MAX_URL_LENGTH} characters`);
    }
    return url.href;
  }
}

function invalidUrl(problem: string): ApiError {
  return ApiError.badRequest('validation_failed', `url: ${problem}`, [
    { path: 'url', message: problem },
  ]);
}
