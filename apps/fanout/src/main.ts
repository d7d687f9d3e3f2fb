import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { createFanoutApp } from './fanout.app';
import { fanoutEnvSchema } from './fanout.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(fanoutEnvSchema);
  const app = await createFanoutApp(config);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port);
  new Logger('fanout').log(`fan-out ready on http://127.0.0.1:${config.port} (health, metrics)`);
}

main().catch((error: unknown) => {
  new Logger('fanout').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
