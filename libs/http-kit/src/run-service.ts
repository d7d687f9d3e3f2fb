import { type INestApplication, Logger } from '@nestjs/common';

/**
 * Every app's main.ts: build the app, start its Kafka consumers and HTTP server, and end the
 * process with the error when anything on the way fails. The app logs through its one logger
 * from creation on (no buffered lines), so the reason a start failed is printed — as a `fatal`
 * line with `err` — before the process exits 1.
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
    logger.log({ msg: `${name} ready on http://127.0.0.1:${port} (${serves})`, port });
  };
  start().catch((error: unknown) => {
    logger.fatal({ msg: `${name} could not start`, err: error });
    process.exit(1);
  });
}
