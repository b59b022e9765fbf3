import { Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '@ctct/shared-types';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig, splitList } from '../../config/app-config';

/** A session as a request sees it: who, its CSRF token, and the key to end it. */
export interface ActiveSession {
  user: SessionUser;
  idHash: Buffer;
  csrfToken: string;
  expiresAt: Date;
}

/** What sign-in hands the browser: the cookie value (id.signature) and the CSRF token. */
export interface IssuedSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

interface SessionRow {
  user_id: string;
  email: string;
  name: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
  touch_due: boolean;
}

// Writing last_seen_at on every request would turn every read into a write; a minute's precision is plenty
// for an idle timeout counted in minutes.
const TOUCH_EVERY_SECONDS = 60;

/**
 * Server-side sessions (table auth_sessions, owned by auth). The cookie carries a random id signed with
 * SESSION_SECRET; the table keeps only the id's SHA-256. Every request looks its session up, so ending a
 * session (sign-out, password change, "sign out everywhere") takes effect at once on every replica.
 */
@Injectable()
export class SessionStore {
  private readonly secrets: string[];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The first secret signs; the others (SESSION_SECRET_PREVIOUS) are still accepted during a rotation.
    this.secrets = [config.SESSION_SECRET, ...splitList(config.SESSION_SECRET_PREVIOUS)];
  }

  get idleMs(): number {
    return this.config.SESSION_IDLE_MINUTES * 60_000;
  }

  /** A new session with a new id: sign-in never reuses an id the browser already had (no fixation). */
  async create(userId: string, userAgent: string | undefined): Promise<IssuedSession> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const row = await sql.one<{ expires_at: Date }>(
      this.dataSource,
      `INSERT INTO auth_sessions (id_hash, user_id, csrf_token, expires_at, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(mins => $4), $5) RETURNING expires_at`,
      [hashId(id), userId, csrfToken, this.config.SESSION_ABSOLUTE_MINUTES, userAgent?.slice(0, 300) ?? null],
    );
    // Sign-ins are rare: a good moment to forget sessions that can no longer be used.
    await sql.affected(
      this.dataSource,
      `DELETE FROM auth_sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)`,
      [this.config.SESSION_IDLE_MINUTES],
    );
    return { cookieValue: `${id}.${sign(id, this.secrets[0])}`, csrfToken, expiresAt: new Date(row!.expires_at) };
  }

  /** The live session behind a cookie value, or null (missing, forged, ended, idle too long, past its end). */
  async read(cookieValue: unknown): Promise<ActiveSession | null> {
    const id = this.verifiedId(cookieValue);
    if (!id) return null;
    const idHash = hashId(id);
    const row = await sql.one<SessionRow>(
      this.dataSource,
      `SELECT s.user_id, u.email, u.name, s.csrf_token, s.expires_at, s.last_seen_at,
              s.last_seen_at < now() - make_interval(secs => $3) AS touch_due
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)`,
      [idHash, this.config.SESSION_IDLE_MINUTES, TOUCH_EVERY_SECONDS],
    );
    if (!row) return null;
    if (row.touch_due) await sql.affected(this.dataSource, `UPDATE auth_sessions SET last_seen_at = now() WHERE id_hash = $1`, [idHash]);
    return {
      user: { id: row.user_id, email: row.email, name: row.name },
      idHash,
      csrfToken: row.csrf_token,
      expiresAt: new Date(row.expires_at),
    };
  }

  async end(idHash: Buffer): Promise<void> {
    await sql.affected(this.dataSource, `DELETE FROM auth_sessions WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of the user (on every replica, from the next request on); returns how many. */
  async endAllForUser(userId: string): Promise<number> {
    return sql.affected(this.dataSource, `DELETE FROM auth_sessions WHERE user_id = $1`, [userId]);
  }

  private verifiedId(cookieValue: unknown): string | null {
    if (typeof cookieValue !== 'string' || cookieValue.length > 200) return null;
    const [id, signature, extra] = cookieValue.split('.');
    if (!id || !signature || extra !== undefined || !/^[\w-]{43}$/.test(id)) return null;
    const given = Buffer.from(signature);
    const valid = this.secrets.some((secret) => {
      const expected = Buffer.from(sign(id, secret));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    return valid ? id : null;
  }
}

function hashId(id: string): Buffer {
  return createHash('sha256').update(id).digest();
}

function sign(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}
