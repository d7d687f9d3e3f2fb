import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo } from 'node:net';
import { type AtLeast } from './at-least';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

/** A local HTTP receiver that records every request and answers as the test says. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private responder: Responder = (_request, response) => response.writeHead(204).end();
  private waiters: Array<() => void> = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        receiver.requests.push(received);
        receiver.responder(received, response);
        receiver.waiters.forEach((wake) => wake());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Resolves once `count` requests have arrived (matching `filter`), or fails after `timeoutMs`. */
  async waitFor<N extends number>(
    count: N,
    timeoutMs = 20_000,
    filter: (request: ReceivedRequest) => boolean = () => true,
  ): Promise<AtLeast<N, ReceivedRequest>> {
    const matching = () => this.requests.filter(filter);
    const deadline = Date.now() + timeoutMs;
    while (matching().length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`receiver got ${matching().length} of ${count} expected requests`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
    // The loop ends only with `count` of them or more.
    return matching() as AtLeast<N, ReceivedRequest>;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
