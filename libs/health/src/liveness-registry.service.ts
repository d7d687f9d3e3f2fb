import { Injectable } from '@nestjs/common';

/** A synchronous check: liveness must answer even when every dependency hangs. */
export type LivenessCheck = () => boolean;

/**
 * Named liveness checks: things that fail only when the process cannot recover on its own (a
 * consumer that stopped and could not be restarted), so the orchestrator should restart it.
 * A dependency that is away (Kafka, PostgreSQL) is readiness's concern, not liveness's.
 */
@Injectable()
export class LivenessRegistry {
  private readonly checks = new Map<string, LivenessCheck>();

  register(name: string, check: LivenessCheck): void {
    this.checks.set(name, check);
  }

  report(): { live: boolean; checks: Record<string, boolean> } {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = check() === true;
      } catch {
        checks[name] = false;
      }
    }
    return { live: Object.values(checks).every(Boolean), checks };
  }
}
