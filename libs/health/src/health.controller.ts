import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { LivenessRegistry } from './liveness-registry.service';
import { ReadinessRegistry } from './readiness-registry.service';

/** The part of the (express) response this controller touches. */
interface StatusSettable {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly liveness: LivenessRegistry,
  ) {}

  /**
   * Liveness: the process answers HTTP and nothing it runs has stopped for good (a Kafka
   * consumer down longer than a session timeout). Dependencies are readiness's concern.
   */
  @Get('live')
  live(@Res({ passthrough: true }) response: StatusSettable): {
    status: 'ok' | 'failing';
    checks: Record<string, boolean>;
  } {
    const { live, checks } = this.liveness.report();
    response.status(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: live ? 'ok' : 'failing', checks };
  }

  @Get('ready')
  async ready(
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<{ status: 'ready' | 'not_ready'; checks: Record<string, boolean> }> {
    const { ready, checks } = await this.readiness.report();
    // Set directly rather than thrown: a thrown 503 would be rewritten into the error body.
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}
