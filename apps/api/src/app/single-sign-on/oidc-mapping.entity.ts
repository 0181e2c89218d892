import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Role } from '@zibo/domain';
import { Department } from '../departments';

/** A value of the provider's mapped claim (OIDC_CLAIM) → the role and department of its accounts. */
@Entity({ name: 'oidc_mapping' })
export class OidcMapping {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'claim_value', type: 'varchar', length: 200 })
  claimValue!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
