import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AttachmentView } from '@zibo/domain';
import { closeOutState, cleanedText, isOpenTask, mayAct, taskRelation } from '@zibo/domain';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/access/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { Contribution, ProgressReport, toAttachmentView, Attachment } from '../progress';
import { Task, attachmentColumns, visibleAttachmentCondition, isVisibleThroughTask } from '../tasks';
import { ALLOWED_ATTACHMENT_TYPES, ATTACHMENTS_PER_OWNER, ATTACHMENT_MAX_BYTES } from './attachment-policy';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Detects the type from the bytes (file-type 21 is an ES module; Node 20.19+ loads it with require). */
async function detectType(buffer: Buffer): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(buffer))?.mime;
}

/**
 * Keeps a readable name without paths: the text rule applied by dropping what it forbids (the
 * client's file system chose the name, so refusing the file would help nobody), tabs and line
 * breaks too, at most 200 characters (code points, never half a pair).
 */
function safeFileName(name: string): string {
  // Multer hands multipart filenames over as latin1; browsers send UTF-8.
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  const base = decoded.split(/[\\/]/).pop() ?? 'file';
  const printable = cleanedText(base).replace(/[\t\n\r]/g, '');
  return [...printable].slice(0, 200).join('').trim() || 'file';
}

type AttachmentOwner = { reportId: string } | { contributionId: string } | { closeOutRequestId: string };

/**
 * The checks every upload passes, whatever it is attached to: the type detected from the content
 * (415), at most ATTACHMENTS_PER_OWNER files (422) and never the same content twice on one owner
 * (409). The owner's row is locked by the caller: a concurrent upload of the same file waits and
 * then finds this one.
 */
async function checkedFile(
  tx: EntityManager,
  file: UploadedFile,
  owner: AttachmentOwner,
): Promise<{ contentType: string; sha256: string }> {
  const contentType = await detectType(file.buffer);
  if (!contentType || !(contentType in ALLOWED_ATTACHMENT_TYPES)) {
    throw new ProblemException(
      415,
      'unsupported-file-type',
      'File type not accepted',
      `Accepted: ${Object.values(ALLOWED_ATTACHMENT_TYPES).join(', ')}; detected from the content: ${contentType ?? 'unknown'}.`,
    );
  }
  const count = await tx.getRepository(Attachment).countBy(owner);
  if (count >= ATTACHMENTS_PER_OWNER) {
    throw problems.unprocessable([
      { field: 'file', code: 'too_many', message: `At most ${ATTACHMENTS_PER_OWNER} files` },
    ]);
  }
  const sha256 = createHash('sha256').update(file.buffer).digest('hex');
  const same = await tx.getRepository(Attachment).findOneBy({ ...owner, sha256 });
  if (same) {
    throw new ProblemException(
      409,
      'duplicate-file',
      'File already attached',
      `This file (the same content, SHA-256 ${sha256}) is already attached as “${same.fileName}”.`,
      { existingId: same.id, allowed: [] },
    );
  }
  return { contentType, sha256 };
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  /** Adds evidence to a draft report (lead department) or draft contribution (its department). */
  async upload(
    owner: { reportId?: string; contributionId?: string },
    file: UploadedFile | undefined,
    command: Command,
  ): Promise<AttachmentView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const target = owner.reportId
        ? await tx
            .getRepository(ProgressReport)
            .findOne({ where: { id: owner.reportId }, lock: { mode: 'pessimistic_write' } })
        : await tx
            .getRepository(Contribution)
            .findOne({ where: { id: owner.contributionId }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw problems.notFound(owner.reportId ? 'report' : 'contribution');
      const task = await tx
        .getRepository(Task)
        .findOneOrFail({ where: { id: target.taskId }, relations: { coDepartments: true } });
      const relation = taskRelation(actor.departmentId, {
        leadDepartmentId: task.leadDepartmentId,
        coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
      });
      const ownsTarget =
        target instanceof ProgressReport
          ? mayAct(actor.role, relation, 'report.draft')
          : mayAct(actor.role, relation, 'contribution.draft') && actor.departmentId === target.departmentId;
      if (!ownsTarget) throw problems.forbidden();
      if (!file)
        throw problems.invalid([{ field: 'file', code: 'required', message: 'Attach one file in the "file" field' }]);
      if (target.status !== 'draft') {
        throw problems.conflict(`Files can be added only to a draft; this one is ${target.status}.`, []);
      }
      // A completed or cancelled task is read-only, its drafts included.
      if (!isOpenTask(task.status)) throw problems.conflict(`The task is ${task.status}: it is read-only.`, []);
      const { contentType, sha256 } = await checkedFile(
        tx,
        file,
        target instanceof ProgressReport ? { reportId: target.id } : { contributionId: target.id },
      );
      const repository = tx.getRepository(Attachment);
      const attachment = await repository.save(
        repository.create({
          reportId: target instanceof ProgressReport ? target.id : null,
          contributionId: target instanceof Contribution ? target.id : null,
          revision: target instanceof ProgressReport ? target.revision + 1 : 0,
          fileName: safeFileName(file.originalname),
          contentType,
          size: file.size,
          sha256,
          content: file.buffer,
          uploadedById: actor.id,
        }),
      );
      await this.audit.append(tx, {
        actor,
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: attachment.id,
        departmentId: target instanceof Contribution ? target.departmentId : task.leadDepartmentId,
        after: {
          taskId: task.id,
          ownerType: target instanceof ProgressReport ? 'report' : 'contribution',
          ownerId: target.id,
          fileName: attachment.fileName,
          contentType,
          size: attachment.size,
        },
        sha256,
      });
      return toAttachmentView(attachment);
    });
  }

  /**
   * 办结销号: adds acceptance evidence to an open close-out request (whoever may request close-out:
   * the lead department's head). Once the committee signs it off or rejects it, its files are
   * read-only (409) and stay with it.
   */
  async uploadToCloseOut(actor: AuthUser, closeOutId: string, file: UploadedFile | undefined): Promise<AttachmentView> {
    return this.unitOfWork.run(async (tx) => {
      const request = await this.openCloseOut(tx, actor, closeOutId, 'added to');
      if (!file)
        throw problems.invalid([{ field: 'file', code: 'required', message: 'Attach one file in the "file" field' }]);
      const { contentType, sha256 } = await checkedFile(tx, file, { closeOutRequestId: request.id });
      const repository = tx.getRepository(Attachment);
      const attachment = await repository.save(
        repository.create({
          reportId: null,
          contributionId: null,
          closeOutRequestId: request.id,
          revision: 0,
          fileName: safeFileName(file.originalname),
          contentType,
          size: file.size,
          sha256,
          content: file.buffer,
          uploadedById: actor.id,
        }),
      );
      await this.audit.append(tx, {
        actor,
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: attachment.id,
        departmentId: request.departmentId,
        after: {
          taskId: request.taskId,
          ownerType: 'close_out_request',
          ownerId: request.id,
          fileName: attachment.fileName,
          contentType,
          size: attachment.size,
        },
        sha256,
      });
      return toAttachmentView(attachment);
    });
  }

  /** The close-out request, locked, if the actor may change its evidence now (404, 403, 409 otherwise). */
  private async openCloseOut(
    tx: EntityManager,
    actor: AuthUser,
    id: string,
    verb: string,
  ): Promise<{ id: string; taskId: string; departmentId: string }> {
    const [request]: {
      id: string;
      task_id: string;
      department_id: string;
      rejected_at: Date | null;
      signed_at: Date | null;
    }[] = await tx.query(
      `SELECT id, task_id, department_id, rejected_at, signed_at FROM close_out_request WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!request) throw problems.notFound('close_out_request');
    const task = await tx
      .getRepository(Task)
      .findOneOrFail({ where: { id: request.task_id }, relations: { coDepartments: true } });
    const relation = taskRelation(actor.departmentId, {
      leadDepartmentId: task.leadDepartmentId,
      coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
    });
    if (!mayAct(actor.role, relation, 'close.attach')) throw problems.forbidden();
    const state = closeOutState({ rejectedAt: request.rejected_at, signedAt: request.signed_at });
    if (state !== 'requested' || !isOpenTask(task.status)) {
      throw problems.conflict(
        `Files can be ${verb} a close-out request only while it waits; this one is ${state}.`,
        [],
      );
    }
    return { id: request.id, taskId: request.task_id, departmentId: request.department_id };
  }

  /**
   * Removes a file added to the current draft (its department, as for uploading): 204. A file of an
   * earlier, submitted revision stays with that revision, and nothing is removed from a submitted
   * record (409). Replacing a file is removing it and uploading the new one.
   */
  async remove(id: string, command: Command): Promise<void> {
    const { actor } = command;
    await this.unitOfWork.run(async (tx) => {
      const attachment = await tx.getRepository(Attachment).findOneBy({ id });
      if (!attachment) throw problems.notFound('attachment');
      if (attachment.closeOutRequestId) {
        const request = await this.openCloseOut(tx, actor, attachment.closeOutRequestId, 'removed from');
        await tx.getRepository(Attachment).delete({ id });
        await this.audit.append(tx, {
          actor,
          action: 'attachment.delete',
          entityType: 'attachment',
          entityId: id,
          departmentId: request.departmentId,
          before: {
            taskId: request.taskId,
            ownerType: 'close_out_request',
            ownerId: request.id,
            fileName: attachment.fileName,
            contentType: attachment.contentType,
            size: attachment.size,
          },
          sha256: attachment.sha256,
        });
        return;
      }
      const target = attachment.reportId
        ? await tx
            .getRepository(ProgressReport)
            .findOne({ where: { id: attachment.reportId }, lock: { mode: 'pessimistic_write' } })
        : await tx
            .getRepository(Contribution)
            .findOne({ where: { id: attachment.contributionId ?? '' }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw problems.notFound('attachment');
      const task = await tx
        .getRepository(Task)
        .findOneOrFail({ where: { id: target.taskId }, relations: { coDepartments: true } });
      const relation = taskRelation(actor.departmentId, {
        leadDepartmentId: task.leadDepartmentId,
        coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
      });
      const ownsTarget =
        target instanceof ProgressReport
          ? mayAct(actor.role, relation, 'report.draft')
          : mayAct(actor.role, relation, 'contribution.draft') && actor.departmentId === target.departmentId;
      if (!ownsTarget) throw problems.forbidden();
      if (target.status !== 'draft') {
        throw problems.conflict(`Files can be removed only from a draft; this one is ${target.status}.`, []);
      }
      if (!isOpenTask(task.status)) throw problems.conflict(`The task is ${task.status}: it is read-only.`, []);
      if (target instanceof ProgressReport && attachment.revision !== target.revision + 1) {
        throw problems.conflict(
          `This file belongs to submitted revision ${attachment.revision}; it stays with it.`,
          [],
        );
      }
      await tx.getRepository(Attachment).delete({ id });
      await this.audit.append(tx, {
        actor,
        action: 'attachment.delete',
        entityType: 'attachment',
        entityId: id,
        departmentId: target instanceof Contribution ? target.departmentId : task.leadDepartmentId,
        before: {
          taskId: task.id,
          ownerType: target instanceof ProgressReport ? 'report' : 'contribution',
          ownerId: target.id,
          fileName: attachment.fileName,
          contentType: attachment.contentType,
          size: attachment.size,
        },
        sha256: attachment.sha256,
      });
    });
  }

  /** The file and its content; who downloaded it is on the record (`attachment.download`, with its SHA-256). */
  async download(actor: AuthUser, id: string): Promise<{ attachment: Attachment; content: Buffer }> {
    return this.unitOfWork.run(async (tx) => {
      const attachment = await tx
        .getRepository(Attachment)
        .createQueryBuilder('a')
        .addSelect('a.content')
        .where('a.id = :id', { id })
        .getOne();
      if (!attachment) throw problems.notFound('attachment');
      await this.audit.append(tx, {
        actor,
        action: 'attachment.download',
        entityType: 'attachment',
        entityId: attachment.id,
        after: { fileName: attachment.fileName, size: attachment.size },
        sha256: attachment.sha256,
      });
      return { attachment, content: attachment.content };
    });
  }

  /**
   * Visible when the task of its report, contribution or close-out request is and the reader may
   * see the stage it belongs to: a file added to a draft stays with the draft's department until it
   * is submitted; a close-out request's files are seen by everyone who sees the task.
   */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.read((tx) =>
      isVisibleThroughTask(
        tx,
        user,
        `attachment a
         LEFT JOIN progress_report r ON r.id = a.report_id
         LEFT JOIN contribution c ON c.id = a.contribution_id
         LEFT JOIN close_out_request co ON co.id = a.close_out_request_id
         JOIN task t ON t.id = COALESCE(r.task_id, c.task_id, co.task_id)
        WHERE a.id = $1`,
        id,
        (first) => {
          // A close-out request is the committee's to decide from the start: its files have no draft stage.
          const staged = visibleAttachmentCondition(user, attachmentColumns('a', 'r', 'c', 't'), first);
          return { sql: `(a.close_out_request_id IS NOT NULL OR ${staged.sql})`, params: staged.params };
        },
      ),
    );
  }
}

export { ATTACHMENT_MAX_BYTES };
