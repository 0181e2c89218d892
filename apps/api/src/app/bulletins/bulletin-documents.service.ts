import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf } from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { AuditWriter } from '../audit/audit-writer.service';
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
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Renders the bulletin and records who took it away as a file (`bulletin.export`, like the
   * ledger's and the audit log's exports): written once the file is made, before it is sent.
   */
  async render(
    actor: AuthUser,
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
    await this.unitOfWork.run((tx) =>
      this.audit.append(tx, {
        actor: { id: actor.id, role: actor.role, departmentId: actor.departmentId },
        action: 'bulletin.export',
        entityType: 'bulletin',
        entityId: bulletin.id,
        after: {
          format,
          period: bulletin.period,
          number: bulletin.number,
          status: bulletin.status,
          version: bulletin.version,
        },
      }),
    );
    return { content, type: TYPES[format], filename: `${name}.${format}`, title: `${bulletin.title}.${format}` };
  }
}
