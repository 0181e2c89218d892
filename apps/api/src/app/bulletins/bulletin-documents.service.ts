import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf } from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { Clock } from '../../core/clock';
import { bulletinDocument } from './bulletin-document';
import { BulletinsService } from './bulletins.service';

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The printed bulletin, as PDF or Word: dated when published (a draft: today). */
@Injectable()
export class BulletinDocumentsService {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async render(
    id: string,
    format: 'pdf' | 'docx',
  ): Promise<{ content: Buffer; type: string; filename: string; title: string }> {
    const bulletin = await this.bulletins.get(id);
    const departments = await this.bulletins.departmentNames();
    const issuedOn = businessDateOf(
      bulletin.publishedAt ? new Date(bulletin.publishedAt) : this.clock.now(),
      this.config.businessTimeZone,
    );
    const document = bulletinDocument(bulletin, { issuedOn, departments });
    // pdfkit and docx load with the first download: an idle api does not carry them.
    const content =
      format === 'pdf'
        ? await (await import('./bulletin-pdf')).bulletinPdf(document)
        : await (await import('./bulletin-docx')).bulletinDocx(document);
    const name =
      bulletin.year !== null ? `bulletin-${bulletin.year}-${bulletin.serial}` : `bulletin-${bulletin.period}-draft`;
    return { content, type: TYPES[format], filename: `${name}.${format}`, title: `${bulletin.title}.${format}` };
  }
}
