import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { IndicatorActualView } from '@zibo/domain';

/** A co-owning department's part of a period's report (its staff drafts, its head submits). */
@Entity({ name: 'contribution' })
export class Contribution {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'department_id', type: 'uuid' })
  departmentId!: string;

  @Column({ type: 'varchar', length: 7 })
  period!: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status!: 'draft' | 'submitted';

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

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ name: 'submitted_by_id', type: 'uuid', nullable: true })
  submittedById!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
