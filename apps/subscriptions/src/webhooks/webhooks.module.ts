import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDisabler } from './webhook-disabler.service';
import { WebhookPublisher } from './webhook-publisher.service';
import { WebhookEntity } from './webhook.entity';

/**
 * What every role needs of webhooks: the table, publishing a change to hookstream.subscriptions,
 * and disabling on 410 or exhaustion (the log projector). No routes: see WebhooksApiModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity])],
  providers: [WebhookPublisher, WebhookDisabler],
  exports: [TypeOrmModule, WebhookPublisher, WebhookDisabler],
})
export class WebhooksModule {}
