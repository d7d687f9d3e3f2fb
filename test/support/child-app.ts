import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_ENV } from './test-env';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * One app as its own process, built output and all, so a test can SIGKILL or SIGTERM it
 * like an orchestrator would. scripts/test.mjs builds dist/ before the e2e tests run.
 */
export class ChildApp {
  private output = '';

  private constructor(
    readonly name: 'fanout' | 'delivery' | 'subscriptions',
    readonly port: number,
    private readonly child: ChildProcess,
    log: WriteStream | undefined,
  ) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      log?.write(chunk);
      if (process.env.E2E_LOGS === '1') process.stderr.write(chunk);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', () => log?.end());
  }

  /** `logFile`: also write the output to .cache/logs/e2e-<name>.log. */
  static async start(
    name: 'fanout' | 'delivery' | 'subscriptions',
    overrides: Record<string, string> = {},
    { logFile = false }: { logFile?: boolean } = {},
  ): Promise<ChildApp> {
    const port = await freePort();
    const portVariable = `${name.toUpperCase()}_PORT`;
    const child = spawn(process.execPath, [mainOf(name)], {
      env: { ...process.env, ...TEST_ENV, ...overrides, [portVariable]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log: WriteStream | undefined;
    if (logFile) {
      const logs = path.join(REPO_ROOT, '.cache', 'logs');
      mkdirSync(logs, { recursive: true });
      log = createWriteStream(path.join(logs, `e2e-${name}.log`));
    }
    const app = new ChildApp(name, port, child, log);
    await app.waitUntilReady();
    return app;
  }

  /**
   * Starts an app that is expected not to come up, and resolves with its exit code and output
   * once it has exited (or fails after `timeoutMs`).
   */
  static async runToExit(
    name: 'fanout' | 'delivery' | 'subscriptions',
    overrides: Record<string, string>,
    timeoutMs = 60_000,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [mainOf(name)], {
      env: { ...process.env, ...TEST_ENV, ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** Sends `signal` and resolves with the exit code once the process is gone. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    // A process killed by a signal has no exit code, only a signal code: gone all the same.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) =>
      this.child.once('exit', (code) => resolve(code)),
    );
    this.child.kill(signal);
    return exited;
  }

  private async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`${this.name} exited early:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output}`);
  }
}

function mainOf(name: string): string {
  return path.join(REPO_ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
}

/** A port nobody listens on (the given one when it is free, else any). */
export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(freePort()));
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
