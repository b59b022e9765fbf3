import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { CtctConnectionDto, CtctConnectionState } from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CtctConnectionEvents } from './ctct-connection.events';
import { CtctEndpoints } from './ctct-endpoints';
import { CtctNeedsReconnectError, CtctNotConnectedError } from './ctct-errors';
import { CTCT_ENDPOINTS, CtctTokenClient, OAuthTokenError, TokenSet } from './ctct-token.client';
import { RateBudgetService } from './rate-budget.service';
import { TokenCipher } from './token-cipher';

export const TOKEN_CIPHER = Symbol('TOKEN_CIPHER');

interface ConnectionRow {
  status: CtctConnectionState;
  status_reason: string | null;
  encoded_account_id: string | null;
  organization_name: string | null;
  account_email: string | null;
  scopes: string[];
  access_token_encrypted: Buffer | null;
  refresh_token_encrypted: Buffer | null;
  access_token_expires_at: Date | null;
  token_generation: number;
  connected_at: Date | null;
  last_refreshed_at: Date | null;
}

export interface AccessToken {
  token: string;
  generation: number;
}

/**
 * The CC connection: its state, the tokens (encrypted at rest) and their refresh.
 * Refresh tokens rotate (each works once), so a refresh is serialised twice over: one in-flight refresh per
 * process, and a row lock (SELECT … FOR UPDATE) across processes and replicas. The new pair is committed
 * before anyone uses it, so a crash never leaves us holding only a spent refresh token.
 */
@Injectable()
export class CtctConnectionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CtctConnection');
  private inFlightRefresh: Promise<AccessToken> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: CtctTokenClient,
    private readonly budget: RateBudgetService,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: CtctConnectionEvents,
  ) {}

  /** After a TOKEN_ENCRYPTION_KEY rotation, the stored tokens move to the new key at the first start. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const moved = await this.reencryptUnderCurrentKey();
      if (moved) this.logger.log(`re-encrypted ${moved} stored CC token(s) under the current TOKEN_ENCRYPTION_KEY`);
    } catch (error) {
      // Never disconnect over this: the right key in the config brings the connection back as it was.
      this.logger.error(`the stored CC tokens could not be re-encrypted: ${(error as Error).message}`);
    }
  }

  /** Seals tokens stored under a previous key under the current one; returns how many moved. */
  async reencryptUnderCurrentKey(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.read(manager, true);
      if (!row) return 0;
      const reseal = (sealed: Buffer | null) =>
        sealed && !this.cipher.isUnderCurrentKey(sealed) ? this.cipher.encrypt(this.cipher.decrypt(sealed)) : null;
      const access = reseal(row.access_token_encrypted);
      const refresh = reseal(row.refresh_token_encrypted);
      if (!access && !refresh) return 0;
      await sql.affected(
        manager,
        `UPDATE ctct_connection SET access_token_encrypted = coalesce($1, access_token_encrypted),
           refresh_token_encrypted = coalesce($2, refresh_token_encrypted) WHERE id = 1`,
        [access, refresh],
      );
      return Number(Boolean(access)) + Number(Boolean(refresh));
    });
  }

  get isConfigured(): boolean {
    return Boolean(this.endpoints.clientId && this.endpoints.redirectUri);
  }

  async describe(): Promise<CtctConnectionDto> {
    const row = await this.read(this.dataSource.manager);
    const state = row?.status ?? 'disconnected';
    return {
      state,
      reason: row?.status_reason ?? null,
      target: this.endpoints.target,
      account:
        row && state !== 'disconnected'
          ? { encodedAccountId: row.encoded_account_id, organizationName: row.organization_name, email: row.account_email }
          : null,
      scopes: state === 'disconnected' ? [] : (row?.scopes ?? []),
      connectedAt: state === 'disconnected' ? null : iso(row?.connected_at),
      accessTokenExpiresAt: state === 'connected' ? iso(row?.access_token_expires_at) : null,
      lastRefreshedAt: state === 'disconnected' ? null : iso(row?.last_refreshed_at),
      budget: await this.budget.snapshot(),
      configured: this.isConfigured,
    };
  }

  /** Stores the tokens of a just-completed authorisation; the connection becomes `connected`. */
  async saveAuthorization(tokens: TokenSet, userId: string | null): Promise<void> {
    await sql.affected(
      this.dataSource,
      `INSERT INTO ctct_connection (id, status, status_reason, scopes, access_token_encrypted, refresh_token_encrypted,
         access_token_expires_at, token_generation, connected_at, connected_by, last_refreshed_at, updated_at,
         encoded_account_id, organization_name, account_email)
       VALUES (1, 'connected', NULL, $1, $2, $3, $4, 1, now(), $5, NULL, now(), NULL, NULL, NULL)
       ON CONFLICT (id) DO UPDATE SET status = 'connected', status_reason = NULL, scopes = excluded.scopes,
         access_token_encrypted = excluded.access_token_encrypted, refresh_token_encrypted = excluded.refresh_token_encrypted,
         access_token_expires_at = excluded.access_token_expires_at, token_generation = ctct_connection.token_generation + 1,
         connected_at = now(), connected_by = excluded.connected_by, last_refreshed_at = NULL, updated_at = now()`,
      [
        tokens.scopes,
        this.cipher.encrypt(tokens.accessToken),
        tokens.refreshToken ? this.cipher.encrypt(tokens.refreshToken) : null,
        tokens.expiresAt,
        userId,
      ],
    );
    // Runs paused for the connection resume now.
    await this.events.restored();
  }

  async saveAccount(account: { encodedAccountId: string | null; organizationName: string | null; email: string | null }): Promise<void> {
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_connection SET encoded_account_id = $1, organization_name = $2, account_email = $3, updated_at = now() WHERE id = 1`,
      [account.encodedAccountId, account.organizationName, account.email],
    );
  }

  /**
   * A usable access token, refreshed first when it expires within CTCT_REFRESH_AHEAD_SECONDS.
   * `rejected`: the token CC just answered 401 to — refresh even if it looks valid, unless someone already did.
   */
  async getAccessToken(rejected?: AccessToken): Promise<AccessToken> {
    const row = await this.read(this.dataSource.manager);
    this.assertUsable(row);
    if (!rejected && !this.needsRefresh(row!)) {
      return { token: this.cipher.decrypt(row!.access_token_encrypted!), generation: row!.token_generation };
    }
    if (rejected && row!.token_generation !== rejected.generation) {
      return { token: this.cipher.decrypt(row!.access_token_encrypted!), generation: row!.token_generation };
    }
    this.inFlightRefresh ??= this.refreshSerialised(rejected).finally(() => (this.inFlightRefresh = null));
    return this.inFlightRefresh;
  }

  /** Throws, without any call to CC, when there is no usable connection (disconnected or needs reconnect). */
  async assertConnected(): Promise<void> {
    this.assertUsable(await this.read(this.dataSource.manager));
  }

  async markNeedsReconnect(reason: string): Promise<void> {
    this.logger.warn(`connection needs reconnecting: ${reason}`);
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_connection SET status = 'needs_reconnect', status_reason = $1, updated_at = now() WHERE id = 1 AND status <> 'disconnected'`,
      [reason],
    );
    await this.events.lost(reason);
  }

  /** Revokes the tokens at CC (best effort), forgets them, and stops every further call. */
  async disconnect(): Promise<void> {
    const row = await this.read(this.dataSource.manager);
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_connection SET status = 'disconnected', status_reason = NULL, access_token_encrypted = NULL,
         refresh_token_encrypted = NULL, access_token_expires_at = NULL, token_generation = token_generation + 1, updated_at = now()
       WHERE id = 1`,
    );
    if (row?.refresh_token_encrypted) await this.tokens.revoke(this.cipher.decrypt(row.refresh_token_encrypted), 'refresh_token');
    if (row?.access_token_encrypted) await this.tokens.revoke(this.cipher.decrypt(row.access_token_encrypted), 'access_token');
  }

  private async refreshSerialised(rejected?: AccessToken): Promise<AccessToken> {
    let failure: { reason: string } | null = null;
    const result = await this.dataSource.transaction(async (manager) => {
      const row = await this.read(manager, true);
      this.assertUsable(row);
      // Another replica may have refreshed while we waited for the lock.
      const alreadyRefreshed = rejected ? row!.token_generation !== rejected.generation : !this.needsRefresh(row!);
      if (alreadyRefreshed) return { token: this.cipher.decrypt(row!.access_token_encrypted!), generation: row!.token_generation };
      if (!row!.refresh_token_encrypted) {
        failure = { reason: 'the access token expired and no refresh token was granted (offline_access)' };
        return null;
      }
      let fresh: TokenSet;
      try {
        fresh = await this.tokens.refresh(this.cipher.decrypt(row!.refresh_token_encrypted));
      } catch (error) {
        if (error instanceof OAuthTokenError && ['invalid_grant', 'invalid_client', 'unauthorized_client'].includes(error.error)) {
          failure = { reason: `Constant Contact refused the refresh token (${error.error})` };
          return null;
        }
        throw error;
      }
      const generation = row!.token_generation + 1;
      await sql.affected(
        manager,
        `UPDATE ctct_connection SET access_token_encrypted = $1, refresh_token_encrypted = coalesce($2, refresh_token_encrypted),
           access_token_expires_at = $3, scopes = CASE WHEN cardinality($4::text[]) > 0 THEN $4 ELSE scopes END,
           token_generation = $5, last_refreshed_at = now(), updated_at = now()
         WHERE id = 1`,
        [
          this.cipher.encrypt(fresh.accessToken),
          fresh.refreshToken ? this.cipher.encrypt(fresh.refreshToken) : null,
          fresh.expiresAt,
          fresh.scopes,
          generation,
        ],
      );
      return { token: fresh.accessToken, generation };
    });
    if (failure) {
      await this.markNeedsReconnect((failure as { reason: string }).reason);
      throw new CtctNeedsReconnectError((failure as { reason: string }).reason);
    }
    return result!;
  }

  private needsRefresh(row: ConnectionRow): boolean {
    const expiresAt = row.access_token_expires_at?.getTime() ?? 0;
    return expiresAt - Date.now() <= this.config.CTCT_REFRESH_AHEAD_SECONDS * 1000;
  }

  private assertUsable(row: ConnectionRow | null): void {
    if (!row || row.status === 'disconnected' || !row.access_token_encrypted) throw new CtctNotConnectedError();
    if (row.status === 'needs_reconnect') throw new CtctNeedsReconnectError(row.status_reason ?? 'authorisation lost');
  }

  private async read(manager: EntityManager, forUpdate = false): Promise<ConnectionRow | null> {
    const row = await sql.one<ConnectionRow>(manager, `SELECT * FROM ctct_connection WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`);
    return row ?? null;
  }
}

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}
