import { z } from 'zod';
import { encryptionKey } from './env-schemas';

/**
 * Stands in for SECRETS_ENCRYPTION_KEY outside production, so the three apps share one key
 * on a developer machine without setup. Production refuses to start without a real key.
 */
export const DEVELOPMENT_SECRETS_KEY = Buffer.alloc(
  32,
  'hookstream-development-only-key!',
).toString('base64');

/** Environment fields every app that touches webhook secrets declares. */
export const secretsEnvFields = {
  NODE_ENV: z.string().optional(),
  SECRETS_ENCRYPTION_KEY: encryptionKey.optional(),
  SECRETS_ENCRYPTION_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(encryptionKey)),
};

type SecretsEnv = {
  NODE_ENV?: string;
  SECRETS_ENCRYPTION_KEY?: string;
  SECRETS_ENCRYPTION_PREVIOUS_KEYS: string[];
};

/** For a schema's superRefine: the key is mandatory in production. */
export function requireSecretsKeyInProduction(env: SecretsEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === 'production' && !env.SECRETS_ENCRYPTION_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['SECRETS_ENCRYPTION_KEY'],
      message: 'is required in production',
    });
  }
}

export function resolveSecretsKeys(env: SecretsEnv): {
  currentKey: string;
  previousKeys: string[];
} {
  return {
    currentKey: env.SECRETS_ENCRYPTION_KEY ?? DEVELOPMENT_SECRETS_KEY,
    previousKeys: env.SECRETS_ENCRYPTION_PREVIOUS_KEYS,
  };
}
