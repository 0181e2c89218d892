import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Evidence file, stored in PostgreSQL so every api instance serves it; its SHA-256 is audited. */
@Entity({ name: 'attachment' })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId!: string | null;

  @Column({ name: 'contribution_id', type: 'uuid', nullable: true })
  contributionId!: string | null;

  /** 办结销号: evidence of a close-out request (then report and contribution are null). */
  @Column({ name: 'close_out_request_id', type: 'uuid', nullable: true })
  closeOutRequestId!: string | null;

  @Column({ type: 'integer', default: 0 })
  revision!: number;

  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Loaded only for downloads. */
  @Column({ type: 'bytea', select: false })
  content!: Buffer;

  @Column({ name: 'uploaded_by_id', type: 'uuid' })
  uploadedById!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' })
  uploadedAt!: Date;
}
