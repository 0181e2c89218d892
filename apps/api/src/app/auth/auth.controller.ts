import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type AuthPolicyView,
  type LoginOutcome,
  type LoginResponse,
  PASSWORD_MIN_LENGTH,
  loginMfaSchema,
  loginSchema,
} from '@zibo/domain';
import { Public } from '../../core/access/access.decorator';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { ApiBodySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { ProblemException } from '../../core/problems/problem.exception';
import { RefreshCookie } from './refresh-cookie';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

const OUTCOMES =
  'Answers one of: `{accessToken, expiresIn, user, session}` with the refresh cookie (signed in); ' +
  '`{mfaRequired: true, mfaToken}`; `{passwordChangeRequired: true, changeToken, reason}`; ' +
  '`{mfaEnrolmentRequired: true, enrolToken}` — in that order of precedence after the second factor.';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionService,
    private readonly cookie: RefreshCookie,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with username and password',
    description:
      `${OUTCOMES} Failures 1–5 within 15 minutes for one (username, address) pair → 401; the 6th and every ` +
      'attempt of that pair during the next 15 minutes → 429 with Retry-After. Across addresses a username ' +
      'locks after 20 failures in 15 minutes. LOGIN_RATE_PER_MINUTE attempts per address and minute.',
  })
  @ApiBodySchema(loginSchema)
  async login(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<LoginOutcome> {
    return this.cookie.apply(response, await this.signIn.login(parseOrThrow(loginSchema, body)));
  }

  @Post('login/mfa')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Second sign-in step: a TOTP code or a recovery code',
    description: `${OUTCOMES} A wrong, used or late code → 401, counted like a wrong password.`,
  })
  @ApiBodySchema(loginMfaSchema)
  async loginMfa(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<LoginOutcome> {
    return this.cookie.apply(response, await this.signIn.loginWithCode(parseOrThrow(loginMfaSchema, body)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new access token for the session of the refresh cookie (rotated)',
    description:
      'No body. Presenting a refresh token that was already used → 401 and the whole session is revoked ' +
      '(a stolen token); within 2 seconds of its use it is exchanged again (two requests of one browser).',
  })
  async refresh(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    try {
      return this.cookie.apply(response, await this.sessions.refresh(this.cookie.read(request))) as LoginResponse;
    } catch (error) {
      // An ended session forgets its cookie; an outage (503) keeps it for when the api is back.
      if (error instanceof ProblemException && error.status === 401) this.cookie.clear(response);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends the session of the bearer token and of the refresh cookie at once',
    description: 'Always 204; the access token and every refresh token of its session stop working.',
  })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const bearer = /^Bearer (\S+)$/.exec(request.header('authorization') ?? '')?.[1];
    await this.sessions.logout(bearer, this.cookie.read(request));
    this.cookie.clear(response);
  }

  @Get('policy')
  @Public()
  @ApiOperation({ summary: 'What the sign-in and password pages tell users before they try' })
  policy(): AuthPolicyView {
    return {
      passwordMinLength: PASSWORD_MIN_LENGTH,
      demoAccountsExempt: this.config.demoData,
      sessionIdleMinutes: this.config.sessionIdleMinutes,
      sessionAbsoluteHours: this.config.sessionAbsoluteHours,
    };
  }
}
