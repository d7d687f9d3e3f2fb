import { Module } from '@nestjs/common';
import { SubscriptionsViewModule } from '@app/subscriptions-view';
import { EventRoutingConsumer } from './event-routing.consumer';
import { EventRoutingService } from './event-routing.service';

@Module({
  imports: [SubscriptionsViewModule],
  controllers: [EventRoutingConsumer],
  providers: [EventRoutingService],
  exports: [SubscriptionsViewModule],
})
export class RoutingModule {}
