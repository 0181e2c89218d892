import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FocusAreaView } from '@zibo/domain';
import { Access } from '../../core/access/access.decorator';
import { FocusArea } from './focus-area.entity';

@ApiTags('reference')
@Controller('focus-areas')
export class FocusAreasController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Access({ permission: 'reference:read' })
  @ApiOperation({ summary: 'The eight 2021 focus areas with their 30 work items, in plan order' })
  async list(): Promise<FocusAreaView[]> {
    const areas = await this.dataSource.getRepository(FocusArea).find({
      relations: { workItems: true },
      order: { position: 'ASC', workItems: { position: 'ASC' } },
    });
    return areas.map((area) => ({
      code: area.code,
      name: area.name,
      nameEn: area.nameEn,
      target: area.target,
      targetEn: area.targetEn,
      workItems: area.workItems.map((item) => ({ code: item.code, name: item.name, nameEn: item.nameEn })),
    }));
  }
}
