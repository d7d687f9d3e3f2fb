import { loadConfigOrExit } from '@app/config';
import { runService } from '@app/http-kit';
import { createDeliveryApp } from './delivery.app';
import { deliveryEnvSchema } from './delivery.config';

runService('delivery', async () => {
  const config = loadConfigOrExit(deliveryEnvSchema);
  return { app: await createDeliveryApp(config), port: config.port, serves: '/health, /metrics' };
});
