'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.secretsEnvFields = exports.DEVELOPMENT_SECRETS_KEY = void 0;
exports.requireSecretsKeyInProduction = requireSecretsKeyInProduction;
exports.resolveSecretsKeys = resolveSecretsKeys;
const zod_1 = require('zod');
const env_schemas_1 = require('./env-schemas');
exports.DEVELOPMENT_SECRETS_KEY = Buffer.alloc(32, 'hookstream-development-only-key!').toString(
  'base64',
);
exports.secretsEnvFields = {
  NODE_ENV: zod_1.z.string().optional(),
  SECRETS_ENCRYPTION_KEY: env_schemas_1.encryptionKey.optional(),
  SECRETS_ENCRYPTION_PREVIOUS_KEYS: zod_1.z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(zod_1.z.array(env_schemas_1.encryptionKey)),
};
function requireSecretsKeyInProduction(env, ctx) {
  if (env.NODE_ENV === 'production' && !env.SECRETS_ENCRYPTION_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['SECRETS_ENCRYPTION_KEY'],
      message: 'is required in production',
    });
  }
}
function resolveSecretsKeys(env) {
  return {
    currentKey: env.SECRETS_ENCRYPTION_KEY ?? exports.DEVELOPMENT_SECRETS_KEY,
    previousKeys: env.SECRETS_ENCRYPTION_PREVIOUS_KEYS,
  };
}
//# sourceMappingURL=secrets-keys.js.map
