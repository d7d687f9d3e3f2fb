'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ConfigError = void 0;
exports.loadConfig = loadConfig;
exports.loadConfigOrExit = loadConfigOrExit;
class ConfigError extends Error {
  problems;
  constructor(problems) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}
exports.ConfigError = ConfigError;
function loadConfig(schema, env = process.env) {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = issue.path.length > 0 ? issue.path.join('.') : 'environment';
      return `${variable}: ${issue.message}`;
    }),
  );
}
function loadConfigOrExit(schema) {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
//# sourceMappingURL=load-config.js.map
