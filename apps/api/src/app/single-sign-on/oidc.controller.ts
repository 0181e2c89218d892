import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type OidcConfigView, type SsoErrorCode, oidcCallbackQuerySchema } from '@zibo/domain';
import { Public } from '../../core/access/access.decorator';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { problems } from '../../core/problems/problem.exception';
import { LoginRateLimit, RefreshCookie, clientAddress } from '../auth';
import { OidcClient, OidcFailure } from './oidc-client';
import { OidcSignInService, SsoRefusal } from './oidc-sign-in.service';
import { OidcStateCookie } from './oidc-state-cookie';

/** The web app's base (OIDC_POST_LOGIN_URL), ending in a slash. */
const base = (url: string) => (url.endsWith('/') ? url : `${url}/`);

@ApiTags('single sign-on')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly client: OidcClient,
    private readonly signIn: OidcSignInService,
    private readonly stateCookie: OidcStateCookie,
    private readonly refreshCookie: RefreshCookie,
    private readonly rateLimit: LoginRateLimit,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'Whether the sign-in page offers single sign-on with the zone’s identity provider' })
  config_(): OidcConfigView {
    return { enabled: this.config.oidc !== undefined };
  }

  @Get('login')
  @Public()
  @ApiOperation({
    summary: 'Start single sign-on: 302 to the identity provider',
    description:
      'Authorization code flow with state, nonce and PKCE (S256). The state, nonce and code verifier go into a ' +
      'signed HttpOnly cookie (SameSite=Lax, Path=/api/auth/oidc, 10 minutes). 404 when single sign-on is off; ' +
      'a provider that cannot be reached → 302 to the sign-in page with `?sso=unavailable`.',
  })
  @ApiResponse({ status: 302, description: 'To the provider’s authorization endpoint' })
  async login(@Res() response: Response): Promise<void> {
    const settings = this.enabled();
    await this.rateLimit.hit(clientAddress(), this.clock.now());
    try {
      const { url, pending } = await this.client.start();
      await this.stateCookie.set(response, pending);
      response.redirect(302, url);
    } catch (error) {
      const failure = error instanceof OidcFailure ? error : new OidcFailure('unavailable', String(error));
      await this.signIn.recordFailure('unavailable', failure.message, null);
      response.redirect(302, `${base(settings.postLoginUrl)}login?sso=unavailable`);
    }
  }

  @Get('callback')
  @Public()
  @ApiOperation({
    summary: 'The identity provider returns here: 302 into the web app',
    description:
      'Checks the state against the cookie, exchanges the code (with the PKCE verifier), verifies the ID token ' +
      '(signature, iss, aud, exp, nonce) and maps OIDC_CLAIM through the mapping table. A session → refresh cookie ' +
      'and 302 to the web app, which refreshes into it; a step still due (the account’s TOTP code, enrolment) → ' +
      '302 to `/login?sso=continue#mfaToken=…` or `#enrolToken=…`; a refusal → 302 to `/login?sso=<code>` ' +
      '(state, provider, token, unmapped, locked, unavailable), audited as `auth.oidc_failed`.',
  })
  @ApiQuerySchema(oidcCallbackQuerySchema)
  @ApiResponse({ status: 302, description: 'Into the web app or back to its sign-in page' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const settings = this.enabled();
    await this.rateLimit.hit(clientAddress(), this.clock.now());
    parseOrThrow(oidcCallbackQuerySchema, request.query);
    const web = base(settings.postLoginUrl);
    const pending = await this.stateCookie.read(request);
    // One use: the cookie goes whatever the outcome.
    this.stateCookie.clear(response);
    const query = new URLSearchParams(request.originalUrl.split('?')[1]?.slice(0, 8192) ?? '');
    const refuse = async (code: SsoErrorCode, detail: string, user: SsoRefusal['user'] = null) => {
      await this.signIn.recordFailure(code, detail, user);
      response.redirect(302, `${web}login?sso=${code}`);
    };
    if (!pending || query.get('state') !== pending.state) {
      return refuse('state', pending ? 'state does not match the pending sign-in' : 'no pending sign-in (cookie)');
    }
    try {
      const identity = await this.client.finish(query, pending);
      const result = await this.signIn.signIn(identity, settings.claim, settings.usernameClaim);
      this.refreshCookie.apply(response, result);
      const outcome = result.outcome;
      if ('mfaRequired' in outcome) {
        return response.redirect(302, `${web}login?sso=continue#mfaToken=${encodeURIComponent(outcome.mfaToken)}`);
      }
      if ('mfaEnrolmentRequired' in outcome) {
        return response.redirect(302, `${web}login?sso=continue#enrolToken=${encodeURIComponent(outcome.enrolToken)}`);
      }
      response.redirect(302, web);
    } catch (error) {
      if (error instanceof OidcFailure) return refuse(error.reason, error.message);
      if (error instanceof SsoRefusal) return refuse(error.code, error.detail, error.user);
      throw error;
    }
  }

  private enabled() {
    if (!this.config.oidc) throw problems.notFound('Single sign-on');
    return this.config.oidc;
  }
}
