import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { PortalLinkEntity } from '../portal/portal-link.entity';
import { PortalSessionEntity } from '../portal/portal-session.entity';
import { Authenticator } from './authenticator.service';
import { BearerAuthGuard } from './bearer-auth.guard';

/** Global so that BearerAuthGuard (used by every feature's controllers) resolves everywhere. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, PortalSessionEntity, PortalLinkEntity])],
  providers: [Authenticator, BearerAuthGuard],
  exports: [Authenticator, BearerAuthGuard],
})
export class AuthModule {}
