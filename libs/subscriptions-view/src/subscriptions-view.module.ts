import { Module } from '@nestjs/common';
import { SubscriptionsView } from './subscriptions-view.service';

@Module({
  providers: [SubscriptionsView],
  exports: [SubscriptionsView],
})
export class SubscriptionsViewModule {}
