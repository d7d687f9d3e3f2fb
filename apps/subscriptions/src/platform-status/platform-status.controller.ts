import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodQuery, ZodResponse } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import { noQuerySchema } from '../common/request-schemas';
import { type PlatformStatusJson, platformStatusJsonSchema } from './platform-status.schemas';
import { PlatformStatusService } from './platform-status.service';

@ApiController('platform-status', 'platform (admin)')
@AdminOnly()
export class PlatformStatusController {
  constructor(private readonly platform: PlatformStatusService) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness, consumer lag, deliveries per second and dead letters (admin)',
    description:
      'Gathered on each call from the apps’ own /health/ready and /metrics (FANOUT_URL, ' +
      'DELIVERY_URL). Rates come from successive calls: the first answers null.',
  })
  @ZodResponse(200, platformStatusJsonSchema, 'The platform now')
  @ApiErrorResponses(400)
  status(@ZodQuery(noQuerySchema) _query: object): Promise<PlatformStatusJson> {
    return this.platform.status();
  }
}
