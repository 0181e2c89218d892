import { Module } from '@nestjs/common';
import { FocusAreasController } from './focus-areas.controller';

@Module({ controllers: [FocusAreasController] })
export class ReferenceModule {}
