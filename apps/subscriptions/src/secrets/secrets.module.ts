import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { SecretCipher } from '@app/signing';
import { type SubscriptionsConfig } from '../subscriptions.config';

/**
 * The one SecretCipher of the app (AES-256-GCM under SECRETS_ENCRYPTION_KEY, older keys still
 * decrypting): webhook secrets and saved idempotent responses are stored through it.
 */
@Global()
@Module({
  providers: [
    {
      provide: SecretCipher,
      inject: [APP_CONFIG],
      useFactory: ({ secrets }: SubscriptionsConfig) =>
        new SecretCipher(secrets.currentKey, secrets.previousKeys),
    },
  ],
  exports: [SecretCipher],
})
export class SecretsModule {}
