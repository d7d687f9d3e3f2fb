import { createHash } from 'node:crypto';

/**
 * A message id is derived from the event and the webhook, so a replayed event (or a
 * fan-out retried after a crash) yields the same id and receivers can deduplicate.
 */
export function messageIdFor(company: string, eventId: string, webhookId: string): string {
  const digest = createHash('sha256').update(`${company}\0${eventId}\0${webhookId}`).digest();
  return `msg_${digest.subarray(0, 16).toString('hex')}`;
}
