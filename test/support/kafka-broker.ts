import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './child-app';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const KAFKA_SCRIPT = path.join(REPO_ROOT, 'scripts', 'infra', 'kafka.mjs');

/**
 * A Kafka broker of the test's own (the suite's shared broker must not be restarted), run by
 * `scripts/infra/kafka.mjs start` so that a test can stop and start it like an operator would.
 */
export class KafkaBroker {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<KafkaBroker> {
    const broker = new KafkaBroker(await freePortPair(), dataDir);
    await broker.startProcess();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** Stops the broker (SIGTERM: a clean shutdown, as in a rolling upgrade) and waits for it. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startProcess();
  }

  private async startProcess(): Promise<void> {
    const child = spawn(
      process.execPath,
      [KAFKA_SCRIPT, 'start', '--port', String(this.port), '--data', this.dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (/ready: brokers=/.test(this.output.slice(-2_000))) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) =>
        reject(
          new Error(`kafka.mjs exited with ${code} before the broker was ready:\n${this.output}`),
        ),
      );
    });
  }
}

/** A free port whose successor (the controller port) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65_535 && (await freePort(port + 1)) === port + 1) return port;
  }
}
