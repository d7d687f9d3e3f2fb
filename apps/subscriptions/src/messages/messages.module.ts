import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../replay/replay.module';
import { AttemptEntity } from './attempt.entity';
import { MessageEntity } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity, AttemptEntity]), ReplayModule],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
