import { createHmac } from 'node:crypto';
import { parseSecret } from './webhook-secret';

export interface SignWebhookInput {
  /** The message id, sent as `webhook-id`. */
  id: string;
  /** Unix seconds of this attempt, sent as `webhook-timestamp`. */
  timestamp: number;
  /** The exact body bytes that will be sent (as a string). */
  body: string;
  /** Every secret currently valid for the webhook (more than one during a rotation's grace period). */
  secrets: string[];
}

/**
 * The Standard Webhooks `webhook-signature` header value: one `v1,<signature>` per secret,
 * space-separated, so a receiver holding either the old or the new secret can verify.
 */
export function signWebhook({ id, timestamp, body, secrets }: SignWebhookInput): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new Error(`webhook timestamp must be whole unix seconds, got ${timestamp}`);
  }
  if (secrets.length === 0) throw new Error('cannot sign a webhook without a secret');
  const signedContent = `${id}.${timestamp}.${body}`;
  return secrets
    .map((secret, index) => {
      const key = parseSecret(secret);
      // The secret itself must never end up in a log line.
      if (!key) throw new Error(`webhook secret #${index} is not a valid whsec_ secret`);
      return 'v1,' + createHmac('sha256', key).update(signedContent, 'utf8').digest('base64');
    })
    .join(' ');
}
