import { Inject, Injectable } from '@nestjs/common';
import type * as OpenId from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../../core/config/app-config';
import type { OidcPending } from './oidc-state-cookie';

/** Why the provider's answer was not accepted: the provider said no, or its tokens did not check out. */
export class OidcFailure extends Error {
  constructor(
    readonly reason: 'provider' | 'token' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** What the callback learnt from a verified ID token (and the userinfo endpoint when needed). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
  amr: unknown;
}

/**
 * The relying party (openid-client): discovery, the authorization request with state, nonce and
 * PKCE S256, the code exchange and the ID token's checks (signature against the provider's JWKS,
 * iss, aud, azp, exp, iat, nonce). The provider's metadata is fetched once and kept.
 */
// openid-client loads with the first single sign-on: an idle api (and one without SSO) does not carry it.
let openIdLibrary: Promise<typeof OpenId> | undefined;
const openId = (): Promise<typeof OpenId> => (openIdLibrary ??= import('openid-client'));

@Injectable()
export class OidcClient {
  private configuration: Promise<OpenId.Configuration> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcConfig | undefined {
    return this.config.oidc;
  }

  /** Where to send the browser, and what the callback must see again. */
  async start(): Promise<{ url: string; pending: OidcPending }> {
    const settings = this.required();
    const configuration = await this.discover(settings);
    const client = await openId();
    const pending: OidcPending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code of the callback's query and verifies the ID token; throws OidcFailure. */
  async finish(query: URLSearchParams, pending: OidcPending): Promise<OidcIdentity> {
    const settings = this.required();
    const configuration = await this.discover(settings);
    const client = await openId();
    // The registered redirect URI with the query as received: never built from the Host header.
    const callbackUrl = new URL(settings.redirectUri);
    callbackUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof OpenId.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
        throw new OidcFailure('provider', `${error.error}: ${error.error_description ?? ''}`.trim());
      }
      throw new OidcFailure('token', error instanceof Error ? error.message : String(error));
    }
    const idToken = tokens.claims();
    if (!idToken) throw new OidcFailure('token', 'no ID token');
    const claims: Record<string, unknown> = { ...idToken };
    if (claims[settings.claim] === undefined && configuration.serverMetadata().userinfo_endpoint) {
      // Providers often send groups or departments only from the userinfo endpoint.
      try {
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        for (const [name, value] of Object.entries(userInfo)) if (claims[name] === undefined) claims[name] = value;
      } catch (error) {
        throw new OidcFailure('provider', `userinfo: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims, amr: idToken.amr };
  }

  private required(): OidcConfig {
    if (!this.config.oidc) throw new OidcFailure('unavailable', 'single sign-on is not configured');
    return this.config.oidc;
  }

  private discover(settings: OidcConfig): Promise<OpenId.Configuration> {
    this.configuration ??= openId()
      .then((client) =>
        client.discovery(
          new URL(settings.issuer),
          settings.clientId,
          undefined,
          settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
          {
            execute: [
              // The ID token's signature is checked against the provider's JWKS too, not only its claims
              // (openid-client trusts the TLS channel of the token endpoint unless asked).
              client.enableNonRepudiationChecks,
              // http:// only where the config allowed it: a loopback issuer.
              ...(settings.allowInsecure ? [client.allowInsecureRequests] : []),
            ],
          },
        ),
      )
      .catch((error: unknown) => {
        // The provider was unreachable: try again on the next sign-in.
        this.configuration = null;
        throw new OidcFailure('unavailable', error instanceof Error ? error.message : String(error));
      });
    return this.configuration;
  }
}
