import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { createSubscriptionsApp } from './subscriptions.app';
import { subscriptionsEnvSchema } from './subscriptions.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(subscriptionsEnvSchema);
  const app = await createSubscriptionsApp(config);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  new Logger('subscriptions').log(
    `subscriptions ready on ${url} (API under /v1, /health, /metrics)`,
  );
}

main().catch((error: unknown) => {
  new Logger('subscriptions').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
