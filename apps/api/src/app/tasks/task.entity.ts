import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { IndicatorDirection, IndicatorUnit, Rag, RagReason, ReportingCycle, TaskStatus } from '@zibo/domain';
import { Department } from '../departments';

@Entity({ name: 'task' })
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'work_item_code', type: 'varchar', length: 8 })
  workItemCode!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'lead_department_id', type: 'uuid' })
  leadDepartmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_department_id' })
  leadDepartment?: Department;

  @OneToMany(() => TaskCoDepartment, (co) => co.task)
  coDepartments!: TaskCoDepartment[];

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ name: 'baseline_due_date', type: 'date', nullable: true })
  baselineDueDate!: string | null;

  @Column({ name: 'reporting_cycle', type: 'varchar', length: 10, default: 'monthly' })
  reportingCycle!: ReportingCycle;

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status!: TaskStatus;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** When the current receipt window opened (assignment, a new lead department, the committee insisting). */
  @Column({ name: 'receipt_opened_at', type: 'timestamptz', nullable: true })
  receiptOpenedAt!: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_by_id', type: 'uuid', nullable: true })
  acceptedById!: string | null;

  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true })
  declinedAt!: Date | null;

  @Column({ name: 'declined_by_id', type: 'uuid', nullable: true })
  declinedById!: string | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ name: 'insisted_at', type: 'timestamptz', nullable: true })
  insistedAt!: Date | null;

  @Column({ name: 'insisted_by_id', type: 'uuid', nullable: true })
  insistedById!: string | null;

  @Column({ name: 'insist_comment', type: 'text', nullable: true })
  insistComment!: string | null;

  /** Stored copy of computeRag(); never set anywhere but TaskStatusRefresher. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  rag!: Rag | null;

  @Column({ name: 'rag_reasons', type: 'text', array: true, default: () => "'{}'" })
  ragReasons!: RagReason[];

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'percent_complete', type: 'smallint', default: 0 })
  percentComplete!: number;

  @Column({ name: 'expected_percent', type: 'smallint', nullable: true })
  expectedPercent!: number | null;

  @Column({ name: 'rag_computed_on', type: 'date', nullable: true })
  ragComputedOn!: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @OneToMany(() => Milestone, (milestone) => milestone.task)
  milestones!: Milestone[];

  @OneToMany(() => Indicator, (indicator) => indicator.task)
  indicators!: Indicator[];

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'task_co_department' })
export class TaskCoDepartment {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @PrimaryColumn({ name: 'department_id', type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Task, (task) => task.coDepartments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;
}

@Entity({ name: 'milestone' })
export class Milestone {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => Task, (task) => task.milestones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'planned_date', type: 'date' })
  plannedDate!: string;

  @Column({ name: 'baseline_planned_date', type: 'date', nullable: true })
  baselinePlannedDate!: string | null;

  @Column({ name: 'done_date', type: 'date', nullable: true })
  doneDate!: string | null;
}

@Entity({ name: 'indicator' })
export class Indicator {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => Task, (task) => task.indicators, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  unit!: IndicatorUnit;

  @Column({ type: 'numeric' })
  baseline!: number;

  @Column({ type: 'numeric' })
  target!: number;

  @Column({ name: 'baseline_target', type: 'numeric', nullable: true })
  baselineTarget!: number | null;

  @Column({ type: 'varchar', length: 4 })
  direction!: IndicatorDirection;
}
