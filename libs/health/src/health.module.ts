import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { LivenessRegistry } from './liveness-registry.service';
import { ReadinessRegistry } from './readiness-registry.service';

/** Global so any module can register a readiness check; serves `/health/live` and `/health/ready`. */
@Global()
@Module({
  providers: [ReadinessRegistry, LivenessRegistry],
  controllers: [HealthController],
  exports: [ReadinessRegistry, LivenessRegistry],
})
export class HealthModule {}
