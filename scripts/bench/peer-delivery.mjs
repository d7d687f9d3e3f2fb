// @ts-check
// What every peer does per delivery, the way Hookstream does it, so that the peers differ from
// it only in how jobs reach them: the same JSON body, Standard Webhooks signature and
// Authorization header, one deadline for the whole attempt, at most 4 KiB of the answer read.
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';

export const PEER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const MAX_RESPONSE_BODY_BYTES = 4 * 1024;

/**
 * The body Hookstream sends for an event (README: "What a receiver gets").
 * @param {{ messageId: string, webhookId: string, company: string, eventId: string,
 *   data: Record<string, unknown> }} job
 */
export function webhookBody({ messageId, webhookId, company, eventId, data }) {
  return JSON.stringify({
    id: messageId,
    event: 'user.create',
    company,
    data,
    eventId,
    webhookId,
    environment: 'live',
    timestamp: new Date().toISOString(),
    redelivery: false,
  });
}

/** A connection pool per peer, sized like the delivery app's. */
export function peerAgent(timeoutMs = 15_000) {
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 64,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

const signer = new Webhook(PEER_SECRET);

/**
 * One signed POST; resolves with the status code (0 for a network error or the deadline).
 * @param {Agent} agent
 * @param {string} url
 * @param {string} messageId
 * @param {string} body
 * @param {number} timeoutMs
 */
export async function deliverSigned(agent, url, messageId, body, timeoutMs = 15_000) {
  const now = new Date();
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'hookstream-peer',
        authorization: `Secret ${PEER_SECRET}`,
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(messageId, now, body),
      },
      body,
    });
    let read = 0;
    for await (const chunk of /** @type {AsyncIterable<Buffer>} */ (response.body)) {
      read += chunk.length;
      if (read >= MAX_RESPONSE_BODY_BYTES) break;
    }
    return response.statusCode;
  } catch {
    return 0;
  }
}
