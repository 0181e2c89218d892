import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export interface PlanChanges {
  dueDate?: { before: string; after: string };
  leadDepartmentId?: { before: string; after: string };
  indicatorTargets?: { indicatorId: string; before: number; after: number }[];
  milestoneDates?: { milestoneId: string; before: string; after: string }[];
}

/** A change to an assigned task's plan, with its reason and who approved it. */
@Entity({ name: 'amendment' })
export class Amendment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: 'proposed' | 'approved' | 'rejected';

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  changes!: PlanChanges;

  @Column({ name: 'proposed_by_id', type: 'uuid' })
  proposedById!: string;

  @Column({ name: 'proposed_at', type: 'timestamptz', default: () => 'now()' })
  proposedAt!: Date;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment!: string | null;

  @VersionColumn()
  version!: number;
}
