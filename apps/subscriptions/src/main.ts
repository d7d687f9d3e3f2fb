import { loadConfigOrExit } from '@app/config';
import { runService } from '@app/http-kit';
import { createSubscriptionsApp, describeServes } from './subscriptions.app';
import { subscriptionsEnvSchema } from './subscriptions.config';

runService('subscriptions', async () => {
  const config = loadConfigOrExit(subscriptionsEnvSchema);
  return {
    app: await createSubscriptionsApp(config),
    port: config.port,
    serves: describeServes(config),
  };
});
