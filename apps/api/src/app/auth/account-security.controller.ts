import { Controller, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type LoginOutcome,
  type TotpConfirmation,
  type TotpEnrolmentView,
  changePasswordSchema,
  totpCodeSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ApiBodySchema } from '../../core/http/openapi';
import { type MfaStatusView, MfaService } from './mfa.service';
import { PasswordChangeService } from './password-change.service';
import { RefreshCookie } from './refresh-cookie';

/** The signed-in user's own password and second factor (the 安全 page), and the forced sign-in steps. */
@ApiTags('auth')
@Controller('me')
export class AccountSecurityController {
  constructor(
    private readonly passwords: PasswordChangeService,
    private readonly mfa: MfaService,
    private readonly cookie: RefreshCookie,
  ) {}

  @Put('password')
  @Access({ permission: 'profile:update', step: 'password-change' })
  @ApiOperation({
    summary: 'Change your own password',
    description:
      'Signed in: `currentPassword` required; 204, and your other sessions end. With the change token of a ' +
      'sign-in (`Authorization: Bearer <changeToken>`): `currentPassword` may be left out; 200 with the next ' +
      'sign-in step (a session, or enrolment). Wrong current password → 422 (throttled like signing in); at ' +
      'least 12 characters, not a common password, not containing the username, not the current one → 422.',
  })
  @ApiBodySchema(changePasswordSchema)
  async changePassword(
    @CurrentUser() caller: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginOutcome | undefined> {
    const next = await this.passwords.change(Command.from(caller, request));
    if (!next) {
      response.status(204);
      return undefined;
    }
    response.status(200);
    return this.cookie.apply(response, next);
  }

  @Post('mfa/totp')
  @Access({ permission: 'profile:update', step: 'mfa-enrolment' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start enrolling an authenticator app (TOTP)',
    description: '`{secret, otpauthUrl, qrCode}` (qrCode: a PNG data URL). 409 when one is already enabled.',
  })
  beginTotp(@CurrentUser() caller: AuthUser, @Req() request: Request): Promise<TotpEnrolmentView> {
    return this.mfa.begin(Command.from(caller, request));
  }

  @Post('mfa/totp/confirm')
  @Access({ permission: 'profile:update', step: 'mfa-enrolment' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm the authenticator with a code from it',
    description:
      '`{recoveryCodes}`: ten single-use codes, shown only now. With an enrolment token the body is also the ' +
      'session (`accessToken`, `expiresIn`, `user`, `session`) and the refresh cookie is set. Wrong code → 422.',
  })
  @ApiBodySchema(totpCodeSchema)
  async confirmTotp(
    @CurrentUser() caller: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TotpConfirmation> {
    const { body: confirmation, session } = await this.mfa.confirm(Command.from(caller, request));
    if (session) this.cookie.apply(response, session);
    return confirmation;
  }

  @Post('mfa/totp/disable')
  @Access({ permission: 'profile:update' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn the second factor off, with a current code',
    description:
      'Only where your role does not require one (MFA_REQUIRED_ROLES): 403 otherwise. Wrong code → 422 ' +
      '(throttled like signing in).',
  })
  @ApiBodySchema(totpCodeSchema)
  disableTotp(@CurrentUser() caller: AuthUser, @Req() request: Request): Promise<MfaStatusView> {
    return this.mfa.disable(Command.from(caller, request));
  }
}

@ApiTags('users')
@Controller('users')
export class MfaResetController {
  constructor(private readonly mfa: MfaService) {}

  @Post(':id/mfa/reset')
  @Access({ permission: 'users:reset-mfa', resource: 'user' })
  @HttpCode(200)
  @ApiOperation({
    summary: "Remove a user's second factor (lost phone)",
    description:
      'Their sessions end; where their role requires a second factor they enrol again at the next sign-in. ' +
      'Not for your own account (422).',
  })
  resetMfa(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Req() request: Request): Promise<MfaStatusView> {
    return this.mfa.reset(id, Command.from(actor, request));
  }
}
