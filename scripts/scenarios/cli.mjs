// @ts-check
// Command-line options shared by `npm run bench` and `npm run chaos`.
import { parseArgs } from 'node:util';

/**
 * @typedef {object} RunnerOptions
 * @property {boolean} quick
 * @property {string[]} only          scenario names to run; empty = all
 * @property {boolean} profile
 * @property {number} kafkaPort       first Kafka port the runner may use
 * @property {number} portBase        first port for apps, receivers and proxies (0 = any free)
 * @property {string} database        name of the PostgreSQL database it recreates
 * @property {string} databaseServer  postgres:// URL of the server (its path is ignored)
 * @property {boolean} help
 */

/**
 * Parses the runner's arguments. `--only` takes a comma-separated list or repeats; every name
 * must be one of `scenarios`. Throws a message fit for the user on anything wrong.
 * `npm run bench --quick` hands `--quick` to npm, which passes it on only as the environment
 * variable npm_config_quick: that (and npm_config_profile) count too. (`--only` is one of npm's
 * own settings, so it needs `npm run bench -- --only <name>`.)
 * @param {string[]} argv
 * @param {{ scenarios: readonly string[], defaults: { kafkaPort: number, database: string } }} spec
 * @param {Record<string, string | undefined>} [env]
 * @returns {RunnerOptions}
 */
export function parseRunnerArgs(argv, { scenarios, defaults }, env = {}) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      profile: { type: 'boolean', default: false },
      'kafka-port': { type: 'string' },
      'port-base': { type: 'string' },
      database: { type: 'string' },
      'database-server': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const only = (values.only ?? []).flatMap((entry) =>
    entry
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  const unknown = only.filter((name) => !scenarios.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown scenario ${unknown.map((name) => JSON.stringify(name)).join(', ')}; ` +
        `choose from ${scenarios.join(', ')}`,
    );
  }
  /** @param {string} name @param {string | undefined} text @param {number} fallback @param {number} min */
  const portOption = (name, text, fallback, min) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!(Number.isInteger(value) && value >= min && value <= 65_000)) {
      throw new Error(`Invalid --${name} ${JSON.stringify(text)}: expected a port number`);
    }
    return value;
  };
  const database = values.database ?? defaults.database;
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(database)) {
    throw new Error(`Invalid --database ${JSON.stringify(database)}: use [a-z0-9_]`);
  }
  return {
    quick: (values.quick ?? false) || env.npm_config_quick === 'true',
    only,
    profile: (values.profile ?? false) || env.npm_config_profile === 'true',
    kafkaPort: portOption('kafka-port', values['kafka-port'], defaults.kafkaPort, 1024),
    portBase: portOption('port-base', values['port-base'], 0, 1024),
    database,
    databaseServer:
      values['database-server'] ??
      env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    help: values.help ?? false,
  };
}

/**
 * The scenarios to run, in their declared order.
 * @template {{ name: string }} S
 * @param {readonly S[]} all
 * @param {readonly string[]} only
 * @returns {S[]}
 */
export function selectScenarios(all, only) {
  return only.length === 0 ? [...all] : all.filter((scenario) => only.includes(scenario.name));
}
