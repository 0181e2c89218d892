import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type FieldError,
  type TaskImportPreview,
  type TaskImportReference,
  type TaskImportResult,
  mayAct,
  previewTaskImport,
  taskFromImportRow,
} from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { Department } from '../departments';
import { WorkItem } from '../reference';
import { TasksService } from '../tasks';
import { type SheetRow, readTaskImportSheet } from './task-import-sheet';
import { taskImportTemplate } from './task-import-template';

export interface UploadedSheet {
  buffer: Buffer;
  size: number;
}

/** Excel import of draft tasks: the template, a preview with each row's errors, the all-or-nothing run. */
@Injectable()
export class TaskImportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tasks: TasksService,
  ) {}

  async template(): Promise<Buffer> {
    return taskImportTemplate(await this.unitOfWork.run((tx) => this.reference(tx)));
  }

  /** Reads the upload (400 without one; 415/422 for a file that is no usable sheet). */
  async read(file: UploadedSheet | undefined, command: Command): Promise<{ rows: SheetRow[]; sha256: string }> {
    if (!mayAct(command.actor.role, 'none', 'task.edit')) throw problems.forbidden();
    if (!file || file.size === 0) {
      throw problems.invalid([
        { field: 'file', code: 'required', message: 'Attach one .xlsx file in the "file" field' },
      ]);
    }
    const rows = await readTaskImportSheet(file.buffer);
    return { rows, sha256: createHash('sha256').update(file.buffer).digest('hex') };
  }

  async preview(rows: SheetRow[]): Promise<TaskImportPreview> {
    return this.unitOfWork.run(async (tx) => previewTaskImport(rows, await this.reference(tx)));
  }

  /**
   * Creates one draft task per row, each with its `task.create` audit event (carrying the file's
   * SHA-256), in one transaction: any row with an error and nothing is created (422, every row's
   * errors as `rows.<sheet row>.<field>`).
   */
  async run(rows: SheetRow[], sha256: string, command: Command): Promise<TaskImportResult> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      if (rows.length === 0) {
        throw problems.unprocessable([{ field: 'file', code: 'empty', message: 'The sheet has no task rows' }]);
      }
      const reference = await this.reference(tx);
      const errors: FieldError[] = [];
      const inputs = [];
      for (const { row, cells } of rows) {
        const { task, errors: rowErrors } = taskFromImportRow(cells, reference);
        // The same checks as POST /api/tasks, against the records as they are in this transaction.
        const more = task ? await this.tasks.checkNewTask(tx, task) : [];
        errors.push(...[...rowErrors, ...more].map((e) => ({ ...e, field: `rows.${row}.${e.field}` })));
        if (task) inputs.push(task);
      }
      if (errors.length) {
        throw problems.unprocessable(
          errors,
          'Some rows have errors; nothing was imported. Preview the file to see them.',
        );
      }
      const taskIds: string[] = [];
      for (const input of inputs) taskIds.push((await this.tasks.createDraft(tx, actor, input, sha256)).id);
      return { taskIds, count: taskIds.length };
    });
  }

  private async reference(tx: EntityManager): Promise<TaskImportReference> {
    const workItems = await tx.getRepository(WorkItem).find({ order: { focusAreaCode: 'ASC', position: 'ASC' } });
    const departments = await tx.getRepository(Department).find({ where: { active: true }, order: { code: 'ASC' } });
    return {
      workItems: workItems.map((w) => ({ code: w.code, name: w.name })),
      departments: departments.map((d) => ({ id: d.id, code: d.code, name: d.name })),
    };
  }
}
