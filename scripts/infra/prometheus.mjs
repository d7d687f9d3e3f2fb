// @ts-check
// Prometheus for the tests: `promtool` checks the configuration and runs the alert rules' unit
// tests, and a real `prometheus` scrapes the apps in test/monitoring.e2e-spec.ts. Both come from
// Debian's `prometheus` package, installed here when missing (CI is a fresh Debian machine on
// which the tests run as root).
import { spawnSync } from 'node:child_process';

export const PROMETHEUS_PACKAGE = 'prometheus';
const TOOLS = ['promtool', 'prometheus'];

/**
 * Whether `command --version` runs.
 * @param {string} command
 */
export function hasCommand(command) {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/**
 * The tools of TOOLS that are not on PATH.
 * @param {(command: string) => boolean} [has]
 */
export function missingTools(has = hasCommand) {
  return TOOLS.filter((tool) => !has(tool));
}

/**
 * The commands that install the package, or why they cannot run here.
 * @param {{ uid: number | undefined, hasAptGet: boolean }} machine
 * @returns {{ commands: Array<[string, ...string[]]> } | { refusal: string }}
 */
export function installPlan({ uid, hasAptGet }) {
  const hint = `install Debian's ${PROMETHEUS_PACKAGE} package (apt-get install -y ${PROMETHEUS_PACKAGE})`;
  if (!hasAptGet)
    return { refusal: `promtool and prometheus are missing and there is no apt-get: ${hint}` };
  if (uid !== 0)
    return { refusal: `promtool and prometheus are missing and this user is not root: ${hint}` };
  return {
    commands: [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', PROMETHEUS_PACKAGE],
    ],
  };
}

/**
 * Installs Debian's prometheus package when promtool or prometheus is missing. Returns true when
 * it installed it; throws with what to do when it cannot.
 */
export function ensurePrometheus() {
  const missing = missingTools();
  if (missing.length === 0) return false;
  const plan = installPlan({
    uid: process.getuid?.(),
    hasAptGet: !spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error,
  });
  if ('refusal' in plan) throw new Error(plan.refusal);
  console.log(`› installing ${PROMETHEUS_PACKAGE} (missing: ${missing.join(', ')})…`);
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
  const still = missingTools();
  if (still.length > 0) throw new Error(`${still.join(', ')} still missing after the install`);
  return true;
}
