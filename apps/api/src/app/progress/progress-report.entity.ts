import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { IndicatorActualView, ReportStatus, ReviewDecision } from '@zibo/domain';

/** The period's report of a task; its submitted revisions live in ProgressReportVersion. */
@Entity({ name: 'progress_report' })
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar', length: 7 })
  period!: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status!: ReportStatus;

  @Column({ type: 'integer', default: 0 })
  revision!: number;

  @Column({ name: 'percent_complete', type: 'smallint', nullable: true })
  percentComplete!: number | null;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text', default: '' })
  problems!: string;

  @Column({ name: 'next_steps', type: 'text', default: '' })
  nextSteps!: string;

  @Column({ name: 'indicator_actuals', type: 'jsonb', default: () => "'[]'" })
  indicatorActuals!: IndicatorActualView[];

  @Column({ type: 'boolean', default: false })
  final!: boolean;

  @Column({ name: 'percent_decrease_reason', type: 'text', nullable: true })
  percentDecreaseReason!: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ name: 'submitted_by_id', type: 'uuid', nullable: true })
  submittedById!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt!: Date | null;

  @Column({ name: 'return_count', type: 'integer', default: 0 })
  returnCount!: number;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ type: 'smallint', nullable: true })
  score!: number | null;

  @Column({ name: 'reviewed_by_id', type: 'uuid', nullable: true })
  reviewedById!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  /** Staff handed this draft to their head (cleared when it is submitted). */
  @Column({ name: 'ready_at', type: 'timestamptz', nullable: true })
  readyAt!: Date | null;

  @Column({ name: 'ready_by_id', type: 'uuid', nullable: true })
  readyById!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export interface ReportContent {
  percentComplete: number;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  final: boolean;
  percentDecreaseReason: string | null;
}

@Entity({ name: 'progress_report_version' })
export class ProgressReportVersion {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ type: 'integer' })
  revision!: number;

  @Column({ type: 'jsonb' })
  content!: ReportContent;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'submitted_by_id', type: 'uuid' })
  submittedById!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  decision!: ReviewDecision | null;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ type: 'smallint', nullable: true })
  score!: number | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by_id', type: 'uuid', nullable: true })
  reviewedById!: string | null;
}
