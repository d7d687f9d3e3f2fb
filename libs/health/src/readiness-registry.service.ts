import { Injectable, type OnModuleDestroy } from '@nestjs/common';

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

/** A probe that hangs must not hang the probe endpoint (kubelet times out at 1 s by default). */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/**
 * Named readiness checks registered by whoever owns a dependency (Kafka consumers, the
 * subscriptions view, the database). Ready means: every check passes and the app is not
 * shutting down.
 */
@Injectable()
export class ReadinessRegistry implements OnModuleDestroy {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  /** Registers (or replaces) the check named `name`. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** From now on the app reports not ready, so load balancers stop sending it traffic. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  // Nest calls this first on app.close() (SIGTERM), while the HTTP server still answers probes.
  onModuleDestroy(): void {
    this.markShuttingDown();
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ready: !this.shuttingDown && entries.every(([, ok]) => ok), checks };
  }
}

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    // Promise.resolve().then() turns a synchronous throw into a rejection too.
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    return result === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
