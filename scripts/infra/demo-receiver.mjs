// @ts-check
// A receiver for trying Hookstream locally: prints each webhook it gets and answers 204.
import http from 'node:http';

/**
 * @param {number} port
 * @returns {Promise<{ close: () => Promise<void> }>}
 */
export function startDemoReceiver(port) {
  const server = http.createServer((request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      console.log(
        `\x1b[32m[receiver]\x1b[0m ${request.method} ${request.url} webhook-id=${String(request.headers['webhook-id'])} ` +
          `signature=${String(request.headers['webhook-signature']).slice(0, 24)}… body=${body}`,
      );
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () => new Promise((done) => server.close(() => done(undefined))),
      }),
    );
  });
}
