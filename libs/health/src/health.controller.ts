import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { LivenessRegistry } from './liveness-registry.service';
import { ReadinessRegistry } from './readiness-registry.service';

/** Probes take no token: Kubernetes, compose and load balancers call them as they are. */
const NO_AUTH = { security: [] };

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: {
      type: 'object',
      additionalProperties: { type: 'boolean' },
      description:
        'One entry per dependency: Kafka consumers, the subscriptions view, the database',
    },
  },
};

const LIVENESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'failing'] },
    checks: {
      type: 'object',
      additionalProperties: { type: 'boolean' },
      description: 'One entry per thing that can stop for good: the Kafka consumers, the view',
    },
  },
};

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
  @ApiOperation({
    summary: 'Liveness probe: the process answers and none of its consumers is down for good',
    ...NO_AUTH,
  })
  @ApiResponse({ status: 200, description: 'Alive', schema: LIVENESS_SCHEMA })
  @ApiResponse({
    status: 503,
    description: 'A consumer has been down longer than a session timeout: restart the process',
    schema: LIVENESS_SCHEMA,
  })
  live(@Res({ passthrough: true }) response: StatusSettable): {
    status: 'ok' | 'failing';
    checks: Record<string, boolean>;
  } {
    const { live, checks } = this.liveness.report();
    response.status(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: live ? 'ok' : 'failing', checks };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness probe: every dependency this process needs is usable',
    ...NO_AUTH,
  })
  @ApiResponse({ status: 200, description: 'Ready', schema: READINESS_SCHEMA })
  @ApiResponse({
    status: 503,
    description: 'Not ready: see which check fails',
    schema: READINESS_SCHEMA,
  })
  async ready(
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<{ status: 'ready' | 'not_ready'; checks: Record<string, boolean> }> {
    const { ready, checks } = await this.readiness.report();
    // Set directly rather than thrown: a thrown 503 would be rewritten into the error body.
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}
