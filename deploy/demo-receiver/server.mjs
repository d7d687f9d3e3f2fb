// @ts-check
// The demo receiver of docker-compose.yml: logs every webhook it receives and answers 204.
// No dependencies (it runs in a plain node image). Verifies the Standard Webhooks signature when
// WEBHOOK_SECRET (the `whsec_…` secret returned when the webhook was created) is set.
//
//   PORT (4000)                    where it listens (all interfaces)
//   WEBHOOK_SECRET                 optional: verify signatures with this secret
//   RESPOND_STATUS (204)           status to answer webhooks with (e.g. 503 to watch retries)
//
// GET /health answers 200 for the compose healthcheck.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.PORT ?? 4000);
const secret = process.env.WEBHOOK_SECRET ?? '';
const respondStatus = Number(process.env.RESPOND_STATUS ?? 204);
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} body
 */
function verify(headers, body) {
  if (!secret) return 'not checked (WEBHOOK_SECRET unset)';
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const valid = signatures.some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return valid ? 'valid' : 'INVALID';
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  request.on('data', (/** @type {Buffer} */ chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    console.log(
      JSON.stringify({
        at: new Date().toISOString(),
        method: request.method,
        path: request.url,
        webhookId: request.headers['webhook-id'],
        timestamp: request.headers['webhook-timestamp'],
        signature: verify(request.headers, body),
        userAgent: request.headers['user-agent'],
        body: safeJson(body),
      }),
    );
    response.writeHead(respondStatus).end();
  });
});

/**
 * @param {string} text
 * @returns {unknown}
 */
function safeJson(text) {
  try {
    return /** @type {unknown} */ (JSON.parse(text));
  } catch {
    return text;
  }
}

server.listen(port, '0.0.0.0', () => {
  console.log(`demo receiver listening on :${port} (answers ${respondStatus})`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
