import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { PortalLinkEntity } from '../portal/portal-link.entity';
import { PortalSessionEntity } from '../portal/portal-session.entity';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { ApiKeyCache } from './api-key-cache';
import { Authenticator } from './authenticator.service';
import { BearerAuthGuard } from './bearer-auth.guard';

/** Global so that BearerAuthGuard (used by every feature's controllers) resolves everywhere. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, PortalSessionEntity, PortalLinkEntity])],
  providers: [
    Authenticator,
    BearerAuthGuard,
    {
      provide: ApiKeyCache,
      inject: [APP_CONFIG],
      useFactory: (config: SubscriptionsConfig) => new ApiKeyCache(config.auth.apiKeyCacheTtlMs),
    },
  ],
  // ApiKeyCache: revoking a key (ApiKeysService) drops it at once.
  exports: [Authenticator, BearerAuthGuard, ApiKeyCache],
})
export class AuthModule {}
