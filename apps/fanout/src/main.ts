import { loadConfigOrExit } from '@app/config';
import { runService } from '@app/http-kit';
import { createFanoutApp } from './fanout.app';
import { fanoutEnvSchema } from './fanout.config';

runService('fanout', async () => {
  const config = loadConfigOrExit(fanoutEnvSchema);
  return { app: await createFanoutApp(config), port: config.port, serves: '/health, /metrics' };
});
