import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ReadinessRegistry } from './readiness-registry.service';

/** The part of the (express) response this controller touches. */
interface StatusSettable {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** Liveness: the process answers HTTP. Dependencies are readiness's concern, not a reason to restart. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
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
