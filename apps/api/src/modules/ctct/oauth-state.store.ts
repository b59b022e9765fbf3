import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';
import { TokenCipher } from './token-cipher';

const STATE_TTL_MINUTES = 10;

type StoreCallback = (error: Error | null, handle?: string) => void;
type VerifyCallback = (error: Error | null, ok?: string | false, info?: unknown) => void;

interface RequestWithUser {
  user?: { id: string };
}

/** The callback's request once its state is verified: which admin started the connect. */
export interface OAuthCallbackRequest {
  ctctOAuthUserId?: string | null;
}

/**
 * passport-oauth2 state store (PKCE flavour) kept in PostgreSQL, so the callback can land on any replica.
 * A state remembers the admin who started the flow, is used once, and expires after 10 minutes; the PKCE
 * verifier is stored encrypted.
 */
export class PgOAuthStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
  ) {}

  store(req: RequestWithUser, verifier: string, _state: unknown, _meta: unknown, callback: StoreCallback): void {
    const handle = randomBytes(24).toString('base64url');
    sql
      .affected(this.dataSource, `DELETE FROM ctct_oauth_states WHERE created_at < now() - make_interval(mins => $1)`, [STATE_TTL_MINUTES])
      .then(() =>
        sql.affected(this.dataSource, `INSERT INTO ctct_oauth_states (handle, code_verifier_encrypted, user_id) VALUES ($1, $2, $3)`, [
          handle,
          this.cipher.encrypt(verifier),
          req.user?.id ?? null,
        ]),
      )
      .then(
        () => callback(null, handle),
        (error: Error) => callback(error),
      );
  }

  verify(req: RequestWithUser & OAuthCallbackRequest, providedState: string, callback: VerifyCallback): void {
    if (typeof providedState !== 'string' || !providedState) {
      callback(null, false, { message: 'The authorisation response carried no state: start again from Settings.' });
      return;
    }
    sql
      .one<{ code_verifier_encrypted: Buffer; user_id: string | null }>(
        this.dataSource,
        `DELETE FROM ctct_oauth_states WHERE handle = $1 AND created_at >= now() - make_interval(mins => $2)
         RETURNING code_verifier_encrypted, user_id`,
        [providedState, STATE_TTL_MINUTES],
      )
      .then(
        (row) => {
          if (!row) return callback(null, false, { message: 'Unknown or expired authorisation state: start again from Settings.' });
          // The callback is public (the session cookie is SameSite=Strict); a session, when present, must match.
          if (row.user_id && req.user && row.user_id !== req.user.id) {
            return callback(null, false, { message: 'This authorisation was started by another user.' });
          }
          req.ctctOAuthUserId = row.user_id;
          callback(null, this.cipher.decrypt(row.code_verifier_encrypted));
        },
        (error: Error) => callback(error),
      );
  }
}
