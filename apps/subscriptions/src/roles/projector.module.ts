import { Module } from '@nestjs/common';
import { LogProjectorModule } from '../log-projector/log-projector.module';

/** The `projector` role: the log projector's Kafka handlers (served by connectKafkaStreams). */
@Module({
  imports: [LogProjectorModule],
})
export class ProjectorRoleModule {}
