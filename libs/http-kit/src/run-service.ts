import { type INestApplication, Logger } from '@nestjs/common';

/**
 * Every app's main.ts: build the app, start its Kafka consumers and HTTP server, and end the
 * process with the error when anything on the way fails.
 */
export function runService(
  name: string,
  create: () => Promise<{ app: INestApplication; port: number; serves: string }>,
): void {
  const logger = new Logger(name);
  const start = async () => {
    const { app, port, serves } = await create();
    await app.init();
    await app.startAllMicroservices();
    await app.listen(port);
    logger.log(`${name} ready on http://127.0.0.1:${port} (${serves})`);
  };
  start().catch((error: unknown) => {
    logger.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
