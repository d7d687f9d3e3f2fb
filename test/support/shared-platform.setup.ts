import { ChildApp } from './child-app';
import { SHARED_PLATFORM_VARIABLE } from './shared-platform';

const running: ChildApp[] = [];

/**
 * Jest global setup of the shared e2e run (jest.e2e-shared.config.js): the three apps, built,
 * as processes of their own, started once for every file that needs no special configuration.
 * Their output goes to .cache/logs/e2e-<app>.log (and to the terminal with E2E_LOGS=1).
 */
export async function startSharedPlatform(): Promise<void> {
  // The API first: it runs the migrations and creates the topics the others read.
  const subscriptions = await ChildApp.start('subscriptions', {}, { logFile: true });
  running.push(subscriptions);
  const others = await Promise.all([
    ChildApp.start('fanout', {}, { logFile: true }),
    ChildApp.start('delivery', {}, { logFile: true }),
  ]);
  running.push(...others);
  const [fanout, delivery] = others;
  process.env[SHARED_PLATFORM_VARIABLE] = JSON.stringify({
    subscriptions: subscriptions.url,
    fanout: fanout.url,
    delivery: delivery.url,
  });
}

export async function stopSharedPlatform(): Promise<void> {
  await Promise.all(running.splice(0).map((app) => app.stop('SIGTERM')));
}
