import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness-registry.service';

/** Global so any module can register a readiness check; serves `/health/live` and `/health/ready`. */
@Global()
@Module({
  providers: [ReadinessRegistry],
  controllers: [HealthController],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
