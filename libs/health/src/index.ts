export {
  READINESS_CHECK_TIMEOUT_MS,
  type ReadinessCheck,
  type ReadinessReport,
  ReadinessRegistry,
} from './readiness-registry.service';
export { HealthController } from './health.controller';
export { HealthModule } from './health.module';
export { type LivenessCheck, LivenessRegistry } from './liveness-registry.service';
