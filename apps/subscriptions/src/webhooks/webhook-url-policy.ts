import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { ApiError } from '@app/http-kit';
import { type Resolver, systemResolver, UrlPolicy } from '@app/url-policy';
import { type SubscriptionsConfig } from '../subscriptions.config';

/** A create or update waits at most this long for DNS before refusing the URL. */
export const URL_RESOLVE_TIMEOUT_MS = 5_000;

/** Replaces the system resolver (tests); optional provider. */
export const URL_RESOLVER = Symbol('URL_RESOLVER');

/**
 * Decides whether a webhook may point at a URL (at creation and on every URL change), and
 * normalises it: the SSRF guard of @app/url-policy with the deployment's ALLOW_HTTP_URLS and
 * ALLOWED_PRIVATE_CIDRS. https only unless allowed; no credentials; the host, and every address
 * its name resolves to, must be public unicast (no loopback, private, link-local, CGNAT,
 * multicast or metadata addresses) unless inside ALLOWED_PRIVATE_CIDRS.
 *
 * This check only resolves the name — nothing is connected to. It is advice to the client at
 * the moment of the change; the delivery app vets the addresses again at connect time for every
 * attempt, which is what stops a name re-pointed later (DNS rebinding).
 */
@Injectable()
export class WebhookUrlPolicy {
  private readonly policy: UrlPolicy;

  constructor(
    @Inject(APP_CONFIG) config: SubscriptionsConfig,
    @Optional() @Inject(URL_RESOLVER) resolver?: Resolver,
  ) {
    this.policy = new UrlPolicy({
      allowHttp: config.webhooks.allowHttpUrls,
      allowedPrivateCidrs: config.webhooks.allowedPrivateCidrs,
      resolver: withTimeout(resolver ?? systemResolver, URL_RESOLVE_TIMEOUT_MS),
    });
  }

  /**
   * The normalised URL to store, or a 400: `validation_failed` when it is no URL at all,
   * `url_not_allowed` (with the reason) when the policy refuses it.
   */
  async check(text: string): Promise<string> {
    const verdict = await this.policy.checkUrl(text);
    if (verdict.ok) return verdict.url.href;
    if (verdict.code === 'invalid_url') {
      throw ApiError.badRequest('validation_failed', `url: ${verdict.reason}`, [
        { path: 'url', message: verdict.reason },
      ]);
    }
    throw ApiError.badRequest('url_not_allowed', `url: ${verdict.reason}`, [
      { path: 'url', message: verdict.reason, reason: verdict.code },
    ]);
  }
}

function withTimeout(resolver: Resolver, timeoutMs: number): Resolver {
  return (host) =>
    new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })),
        timeoutMs,
      );
      resolver(host).then(
        (addresses) => {
          clearTimeout(timer);
          resolve(addresses);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
}
