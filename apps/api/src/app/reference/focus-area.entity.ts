import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

@Entity({ name: 'focus_area' })
export class FocusArea {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ type: 'varchar', length: 200 })
  target!: string;

  @Column({ name: 'target_en', type: 'varchar', length: 200 })
  targetEn!: string;

  @OneToMany(() => WorkItem, (item) => item.focusArea)
  workItems!: WorkItem[];
}

@Entity({ name: 'work_item' })
export class WorkItem {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ name: 'focus_area_code', type: 'varchar', length: 8 })
  focusAreaCode!: string;

  @ManyToOne(() => FocusArea, (area) => area.workItems, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'focus_area_code' })
  focusArea?: FocusArea;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;
}
