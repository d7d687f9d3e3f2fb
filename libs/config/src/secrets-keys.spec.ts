import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import {
  DEVELOPMENT_SECRETS_KEY,
  requireSecretsKeyInProduction,
  resolveSecretsKeys,
  secretsEnvFields,
} from './secrets-keys';

const schema = z.object(secretsEnvFields).superRefine(requireSecretsKeyInProduction);
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('requireSecretsKeyInProduction', () => {
  it('rejects production without SECRETS_ENCRYPTION_KEY, naming it', () => {
    const result = schema.safeParse({ NODE_ENV: 'production' });

    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(['SECRETS_ENCRYPTION_KEY']);
    expect(result.error?.issues[0]?.message).toBe('is required in production');
  });

  it('rejects production with an empty key', () => {
    expect(schema.safeParse({ NODE_ENV: 'production', SECRETS_ENCRYPTION_KEY: '' }).success).toBe(
      false,
    );
  });

  it('makes loadConfig fail with the variable named', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(
      /SECRETS_ENCRYPTION_KEY: is required in production/,
    );
  });

  it('accepts production with a key', () => {
    expect(
      schema.safeParse({ NODE_ENV: 'production', SECRETS_ENCRYPTION_KEY: key(1) }).success,
    ).toBe(true);
  });

  it.each([{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }])(
    'does not require a key outside production (%j)',
    (env) => {
      expect(schema.safeParse(env).success).toBe(true);
    },
  );
});

describe('secretsEnvFields', () => {
  it('rejects a key that is not 32 bytes', () => {
    const result = schema.safeParse({
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'),
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['SECRETS_ENCRYPTION_KEY']);
  });

  it('parses previous keys as a trimmed comma-separated list', () => {
    const env = schema.parse({ SECRETS_ENCRYPTION_PREVIOUS_KEYS: ` ${key(2)} ,${key(3)},` });

    expect(env.SECRETS_ENCRYPTION_PREVIOUS_KEYS).toEqual([key(2), key(3)]);
  });

  it('defaults previous keys to none', () => {
    expect(schema.parse({}).SECRETS_ENCRYPTION_PREVIOUS_KEYS).toEqual([]);
  });

  it('rejects a bad previous key', () => {
    expect(schema.safeParse({ SECRETS_ENCRYPTION_PREVIOUS_KEYS: `${key(2)},short` }).success).toBe(
      false,
    );
  });
});

describe('resolveSecretsKeys', () => {
  it('uses the development key when none is configured', () => {
    expect(resolveSecretsKeys(schema.parse({}))).toEqual({
      currentKey: DEVELOPMENT_SECRETS_KEY,
      previousKeys: [],
    });
    expect(Buffer.from(DEVELOPMENT_SECRETS_KEY, 'base64')).toHaveLength(32);
  });

  it('uses the configured keys', () => {
    const env = schema.parse({
      SECRETS_ENCRYPTION_KEY: key(1),
      SECRETS_ENCRYPTION_PREVIOUS_KEYS: key(2),
    });

    expect(resolveSecretsKeys(env)).toEqual({ currentKey: key(1), previousKeys: [key(2)] });
  });
});
