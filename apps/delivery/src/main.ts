import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { createDeliveryApp } from './delivery.app';
import { deliveryEnvSchema } from './delivery.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(deliveryEnvSchema);
  const app = await createDeliveryApp(config);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port);
  new Logger('delivery').log(`delivery ready on http://127.0.0.1:${config.port} (health, metrics)`);
}

main().catch((error: unknown) => {
  new Logger('delivery').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
