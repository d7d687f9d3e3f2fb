import { setFlagsFromString } from 'node:v8';
import { loadConfigOrExit } from '@app/config';
import { runService } from '@app/http-kit';
import { createSubscriptionsApp, describeServes } from './subscriptions.app';
import { subscriptionsEnvSchema } from './subscriptions.config';

// Under API load, objects of requests in flight outlive two scavenges and are promoted; V8's
// default growth then let the old space reach 3× its live size (150 of 50 MiB, RSS 300 MiB).
// Growing it by half the live size at most keeps RSS under 200 MiB for a few more, shorter,
// mostly concurrent mark-compacts. V8 reads this flag at every GC, so setting it now works.
setFlagsFromString('--heap-growing-percent=50');

runService('subscriptions', async () => {
  const config = loadConfigOrExit(subscriptionsEnvSchema);
  return {
    app: await createSubscriptionsApp(config),
    port: config.port,
    serves: describeServes(config),
  };
});
