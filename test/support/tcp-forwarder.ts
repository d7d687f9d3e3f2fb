import net from 'node:net';

/**
 * Listens on a fixed local port and forwards every connection to `target` (host:port). The
 * harness starts the apps on random ports, while subscriptions reads where the other apps are
 * (FANOUT_URL, DELIVERY_URL) from its configuration at start: a forwarder on the configured
 * port bridges the two.
 */
export class TcpForwarder {
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(
    port: number,
    target: () => { host: string; port: number },
  ): Promise<TcpForwarder> {
    const server = net.createServer();
    const forwarder = new TcpForwarder(server);
    server.on('connection', (client) => {
      let destination: { host: string; port: number };
      try {
        destination = target();
      } catch {
        client.destroy(); // the target is down: like a refused connection
        return;
      }
      const upstream = net.connect(destination);
      for (const socket of [client, upstream]) {
        forwarder.sockets.add(socket);
        socket.on('close', () => forwarder.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return forwarder;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Forwarders from fixed ports to where the harness started fan-out and delivery (for FANOUT_URL
 * and DELIVERY_URL); a stopped app looks like a refused connection.
 */
export function forwardApps(
  ports: { fanout: number; delivery: number },
  urlOf: (app: 'fanout' | 'delivery') => string,
): Promise<TcpForwarder[]> {
  return Promise.all(
    (['fanout', 'delivery'] as const).map((app) =>
      TcpForwarder.start(ports[app], () => ({
        host: '127.0.0.1',
        port: Number(new URL(urlOf(app)).port),
      })),
    ),
  );
}
