// @ts-check
// A TCP proxy on loopback that the chaos runner owns and can cut: how PostgreSQL "goes away"
// for one app without touching the shared server.
import net from 'node:net';

export class TcpProxy {
  /** @type {Set<net.Socket>} */
  #sockets = new Set();
  #cut = false;

  /** @param {net.Server} server @param {number} port */
  constructor(server, port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param {{ port: number, target: { host: string, port: number } }} options
   */
  static async start({ port, target }) {
    /** @type {TcpProxy | undefined} */
    let proxy;
    const server = net.createServer((client) => {
      if (!proxy || proxy.#cut) {
        client.resetAndDestroy();
        return;
      }
      const upstream = net.connect(target);
      const sockets = proxy.#sockets;
      sockets.add(client);
      sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream).pipe(client);
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(undefined));
    });
    const address = server.address();
    proxy = new TcpProxy(server, typeof address === 'object' && address ? address.port : port);
    return proxy;
  }

  /** Resets every open connection and every new one until restore(). */
  cut() {
    this.#cut = true;
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
  }

  restore() {
    this.#cut = false;
  }

  async close() {
    this.cut();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}
