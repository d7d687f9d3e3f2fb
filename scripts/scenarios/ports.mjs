// @ts-check
// Listening ports for the runners' apps, receivers and proxies: from a base upwards (a range
// the caller owns on a shared machine) or, with base 0, whatever the kernel picks.
import net from 'node:net';

/**
 * @param {number} port
 * @returns {Promise<number>} the port bound (the kernel's pick for 0); rejects when taken
 */
function bindOnce(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

export class PortAllocator {
  /** @param {number} base 0 for ports the kernel picks */
  constructor(base) {
    this.next = base;
    this.base = base;
  }

  /** A port free right now on 127.0.0.1 that this allocator has not handed out before. */
  async take() {
    if (this.base === 0) return bindOnce(0);
    for (let tries = 0; tries < 200; tries += 1) {
      const port = this.next;
      this.next += 1;
      try {
        return await bindOnce(port);
      } catch {
        // in use: try the next one
      }
    }
    throw new Error(`no free port from ${this.base} to ${this.next}`);
  }
}
