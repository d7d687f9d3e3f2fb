import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanyEntity } from '../companies/company.entity';
import { PortalLinkEntity } from './portal-link.entity';
import { PortalLinksController } from './portal-links.controller';
import { PortalSessionEntity } from './portal-session.entity';
import { PortalSessionsController } from './portal-sessions.controller';
import { PortalService } from './portal.service';

/** Portal links (made by a company's key or the admin) and the sessions they open. */
@Module({
  imports: [TypeOrmModule.forFeature([PortalLinkEntity, PortalSessionEntity, CompanyEntity])],
  controllers: [PortalLinksController, PortalSessionsController],
  providers: [PortalService],
})
export class PortalModule {}
