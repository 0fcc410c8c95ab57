import * as oidc from 'openid-client';
import { AppError } from '../errors.ts';
import { isLoopbackHttp, type OidcSettings } from '../config.ts';

/** What the provider vouches for about the person who signed in. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  /** Every claim of the ID token (and of userinfo, when the token did not carry the groups). */
  claims: Record<string, unknown>;
}

export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const TIMEOUT_SECONDS = 10;

/**
 * The company's OpenID provider, through openid-client: discovery, the authorization URL (code flow, PKCE S256, state,
 * nonce), the code exchange that checks state, nonce, issuer, audience, signature and expiry, and RP-initiated logout.
 */
export class IdentityProvider {
  private readonly settings: OidcSettings;
  private readonly redirectUri: () => string;
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(settings: OidcSettings, redirectUri: () => string) {
    this.settings = settings;
    this.redirectUri = redirectUri;
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuerUrl),
        this.settings.clientId,
        undefined,
        oidc.ClientSecretBasic(this.settings.clientSecret),
        {
          timeout: TIMEOUT_SECONDS,
          // Plain http only for a provider on this machine (the demo's, the tests'); a company's provider is https.
          ...(isLoopbackHttp(this.settings.issuerUrl) ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new AppError(502, 'IDP_UNREACHABLE', 'The sign-in provider cannot be reached. Try again in a moment.', {
          cause: error,
        });
      });
    return this.configuration;
  }

  /** Fresh state, nonce and PKCE verifier for one sign-in. */
  static newChecks(): AuthorizationChecks {
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: AuthorizationChecks): Promise<string> {
    const config = await this.config();
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: this.redirectUri(),
        scope: this.settings.scopes,
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /** Exchanges the code of the provider's redirect back (`callbackUrl`), with every check; throws when one fails. */
  async verify(callbackUrl: URL, checks: AuthorizationChecks): Promise<VerifiedIdentity> {
    const config = await this.config();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the provider answered without an ID token');
    let claims: Record<string, unknown> = { ...idToken };
    // Some providers put groups in the userinfo answer only.
    if (!(this.settings.groupsClaim in claims)) {
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...userinfo, ...claims };
    }
    const email = claims.email;
    return {
      issuer: idToken.iss,
      subject: idToken.sub,
      email: typeof email === 'string' ? email.toLowerCase() : null,
      claims,
    };
  }

  /** Where the browser ends the provider's session, or null when the provider offers no end_session_endpoint. */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.config();
    if (config.serverMetadata().end_session_endpoint === undefined) return null;
    return oidc
      .buildEndSessionUrl(config, {
        client_id: this.settings.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
      .toString();
  }
}
