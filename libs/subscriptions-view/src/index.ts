export * from './webhook-index';
export * from './subscriptions-view.service';
export * from './subscriptions-view.module';
