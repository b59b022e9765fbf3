import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Strategy as OAuth2Strategy } from 'passport-oauth2';
import { DataSource } from 'typeorm';
import { AUTHENTICATOR, Authenticator } from '../auth/authenticator';
import { CTCT_SCOPES, CtctEndpoints } from './ctct-endpoints';
import { TOKEN_CIPHER } from './ctct-connection.service';
import { CTCT_ENDPOINTS, CtctTokenClient, TokenSet } from './ctct-token.client';
import { PgOAuthStateStore } from './oauth-state.store';
import { TokenCipher } from './token-cipher';

export const CTCT_STRATEGY = 'ctct';

/** What the strategy hands the callback route: the tokens of a completed authorisation. */
export interface CtctAuthorization {
  tokens: TokenSet;
}

/**
 * The authorization-code flow with passport-oauth2: `state` (bound to the admin, in PostgreSQL) and PKCE S256.
 * The code exchange goes through CtctTokenClient rather than the `oauth` package, so it uses HTTP Basic as
 * CC documents and is written to the API log like every other external call.
 */
@Injectable()
export class CtctOAuthStrategy implements OnModuleInit {
  constructor(
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly dataSource: DataSource,
    private readonly tokenClient: CtctTokenClient,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  onModuleInit(): void {
    if (!this.endpoints.clientId || !this.endpoints.redirectUri) return;
    const strategy = new OAuth2Strategy(
      {
        authorizationURL: this.endpoints.authorizeUrl,
        tokenURL: this.endpoints.tokenUrl,
        clientID: this.endpoints.clientId,
        clientSecret: this.endpoints.clientSecret ?? '',
        callbackURL: this.endpoints.redirectUri,
        scope: [...CTCT_SCOPES],
        scopeSeparator: ' ',
        state: true,
        pkce: true,
        store: new PgOAuthStateStore(this.dataSource, this.cipher) as never,
        skipUserProfile: true,
      } as never,
      // (accessToken, refreshToken, params, profile, done): params carries the full token response.
      (
        _accessToken: string,
        _refreshToken: string,
        params: { tokens: TokenSet },
        _profile: unknown,
        done: (error: Error | null, result?: CtctAuthorization) => void,
      ) => done(null, { tokens: params.tokens }),
    );
    const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
    oauth2.getOAuthAccessToken = (
      code: string,
      params: { redirect_uri: string; code_verifier?: string },
      callback: (...args: unknown[]) => void,
    ) => {
      this.tokenClient.exchangeCode(code, params.code_verifier ?? null, params.redirect_uri).then(
        (tokens) => callback(null, tokens.accessToken, tokens.refreshToken, { tokens }),
        (error: Error) => callback({ statusCode: 400, data: error.message }),
      );
    };
    this.authenticator.use(CTCT_STRATEGY, strategy);
  }
}
