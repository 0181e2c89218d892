import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AttachmentView } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ATTACHMENT_MAX_BYTES, AttachmentsService, type UploadedFile as Upload } from './attachments.service';
import { ALLOWED_ATTACHMENT_TYPES } from './attachment-policy';

const uploadDoc = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  description: `One file, at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB; types checked by content: ${Object.values(
    ALLOWED_ATTACHMENT_TYPES,
  ).join(', ')}. Its SHA-256 goes into the audit log.`,
};
// Files over the limit are cut off by multer and answered 413.
const fileInterceptor = FileInterceptor('file', { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });

@ApiTags('attachments')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('progress/:id/attachments')
  @Access({ resource: 'report', permission: 'attachments:upload' })
  @UseInterceptors(fileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadDoc)
  @ApiOperation({
    summary: 'Attach evidence to a draft report (lead department)',
    description: 'The same file (same SHA-256) twice on one report → 409.',
  })
  async toReport(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AttachmentView> {
    const attachment = await this.attachments.upload({ reportId: id }, file, Command.from(user, request));
    response.status(201).location(`/api/attachments/${attachment.id}`);
    return attachment;
  }

  @Post('contributions/:id/attachments')
  @Access({ resource: 'contribution', permission: 'attachments:upload' })
  @UseInterceptors(fileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadDoc)
  @ApiOperation({
    summary: 'Attach evidence to a draft contribution (its department)',
    description: 'The same file (same SHA-256) twice on one contribution → 409.',
  })
  async toContribution(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AttachmentView> {
    const attachment = await this.attachments.upload({ contributionId: id }, file, Command.from(user, request));
    response.status(201).location(`/api/attachments/${attachment.id}`);
    return attachment;
  }

  @Post('close-requests/:id/attachments')
  @Access({ resource: 'close_out_request', permission: 'tasks:request-close' })
  @UseInterceptors(fileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadDoc)
  @ApiOperation({
    summary: '办结销号: attach acceptance evidence to an open close-out request (the lead department’s head)',
    description:
      'The request’s `id` is `closeOut.id` of the task. 201 with Location; the files are listed in ' +
      '`closeOut.attachments` of the task (`allowedCloseOutActions` holds `attach` for whoever may add them) and downloaded with `GET /api/attachments/:id` by everyone who sees the task. ' +
      'Only while the request waits for the committee: once signed off or rejected its files are read-only (409) and ' +
      'stay with it. The same file (same SHA-256) twice on one request → 409. Audited as attachment.upload.',
  })
  async toCloseOut(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AttachmentView> {
    const attachment = await this.attachments.uploadToCloseOut(user, id, file);
    response.status(201).location(`/api/attachments/${attachment.id}`);
    return attachment;
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  @Access({ resource: 'attachment', permission: 'attachments:upload' })
  @ApiOperation({
    summary: 'Remove a file from a draft (the department that may upload to it); audited as attachment.delete',
    description:
      '204. Only while the report or contribution is a draft, and only files added to the current draft: a file of ' +
      'a submitted revision stays with it (409). A close-out request’s file: only while the request waits for the ' +
      'committee, by the lead department’s head (409 once decided). Replace a file by removing it and uploading the new one.',
  })
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() request: Request): Promise<void> {
    await this.attachments.remove(id, Command.from(user, request));
  }

  @Get('attachments/:id')
  @Access({ resource: 'attachment' })
  @ApiOperation({
    summary: 'Download an evidence file (X-Content-SHA256 carries its hash); audited as attachment.download',
  })
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const { attachment, content } = await this.attachments.download(user, id);
    response.setHeader('Content-Type', attachment.contentType);
    response.setHeader('Content-Length', String(content.length));
    response.setHeader('X-Content-SHA256', attachment.sha256);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // Always a download, never rendered inline in our origin.
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    );
    response.end(content);
  }
}
