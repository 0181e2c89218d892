import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';

/**
 * A refresh token presented again within this long of its use is the benign race of two requests
 * leaving one browser together (or a response lost on the way): it is exchanged once more instead
 * of counting as theft. Later than this, a used token revokes the whole session.
 */
export const REFRESH_REUSE_GRACE_MS = 2_000;
// last_seen_at is written at most this often per session: the idle limit is minutes, not seconds.
const TOUCH_EVERY_MS = 10_000;

export interface SessionUserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  locked: boolean;
  session_version: number;
  session_id: string;
  user_session_version: number;
  amr: string[];
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export type RefreshOutcome =
  | { kind: 'rotated'; row: SessionUserRow; refreshToken: string }
  | { kind: 'reused'; row: SessionUserRow }
  | { kind: 'ended'; row: SessionUserRow }
  | { kind: 'unknown' };

/** SHA-256 of a refresh token: the table holds no usable token. */
export const refreshTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newRefreshToken = () => randomBytes(32).toString('base64url');

const SESSION_USER_COLUMNS = `
  u.id, u.username, u.display_name, u.role, u.department_id, u.locked, u.session_version,
  s.id AS session_id, s.user_session_version, s.amr, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at`;

/**
 * Server-side sessions (auth_session) and their refresh-token families (auth_refresh_token).
 * A session is alive while it is not revoked, younger than the absolute limit, used within the idle
 * limit, and its user is unlocked with the session version it started with.
 */
@Injectable()
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get idleMs(): number {
    return this.config.sessionIdleMinutes * 60_000;
  }

  isAlive(row: SessionUserRow, now: Date): boolean {
    return (
      row.revoked_at === null &&
      row.expires_at.getTime() > now.getTime() &&
      row.last_seen_at.getTime() > now.getTime() - this.idleMs &&
      !row.locked &&
      row.session_version === row.user_session_version
    );
  }

  /** Starts a session with its first refresh token. */
  async create(
    tx: EntityManager,
    user: { id: string; sessionVersion: number },
    amr: string[],
    now: Date,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<{ sessionId: string; expiresAt: Date; refreshToken: string }> {
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO auth_session (user_id, amr, user_session_version, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id`,
      [
        user.id,
        amr,
        user.sessionVersion,
        now,
        expiresAt,
        client.ip?.slice(0, 64) ?? null,
        client.userAgent?.slice(0, 256) ?? null,
      ],
    );
    const sessionId = rows[0]?.id ?? '';
    const refreshToken = await this.addRefreshToken(tx, sessionId, now);
    return { sessionId, expiresAt, refreshToken };
  }

  /**
   * The session and user behind an access token, in one statement: the request's authentication is
   * one round trip. Unless `background`, the same statement records the request as activity.
   */
  async authenticate(
    sessionId: string,
    userId: string,
    now: Date,
    background: boolean,
  ): Promise<SessionUserRow | null> {
    const rows: SessionUserRow[] = await this.dataSource.query(
      `WITH touched AS (
         UPDATE auth_session SET last_seen_at = $3
          WHERE id = $1 AND NOT $4 AND revoked_at IS NULL AND expires_at > $3
            AND last_seen_at > $5 AND last_seen_at < $6
          RETURNING id)
       SELECT ${SESSION_USER_COLUMNS}
         FROM auth_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [
        sessionId,
        userId,
        now,
        background,
        new Date(now.getTime() - this.idleMs),
        new Date(now.getTime() - TOUCH_EVERY_MS),
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Exchanges a refresh token for a new one. The token row is locked, so two presentations of one
   * token are decided one after the other.
   */
  async rotate(tx: EntityManager, presented: string, now: Date): Promise<RefreshOutcome> {
    const tokens: { session_id: string; used_at: Date | null }[] = await tx.query(
      'SELECT session_id, used_at FROM auth_refresh_token WHERE token_hash = $1 FOR UPDATE',
      [refreshTokenHash(presented)],
    );
    const token = tokens[0];
    if (!token) return { kind: 'unknown' };
    const row = await this.sessionRow(tx, token.session_id);
    if (!row) return { kind: 'unknown' };
    if (!this.isAlive(row, now)) return { kind: 'ended', row };
    if (token.used_at && token.used_at.getTime() < now.getTime() - REFRESH_REUSE_GRACE_MS) {
      return { kind: 'reused', row };
    }
    if (!token.used_at) {
      await tx.query('UPDATE auth_refresh_token SET used_at = $2 WHERE token_hash = $1', [
        refreshTokenHash(presented),
        now,
      ]);
    }
    return { kind: 'rotated', row, refreshToken: await this.addRefreshToken(tx, row.session_id, now) };
  }

  /** The session a refresh token belongs to, whatever its state (for signing out with the cookie). */
  async sessionOfRefreshToken(tx: EntityManager, presented: string): Promise<SessionUserRow | null> {
    const tokens: { session_id: string }[] = await tx.query(
      'SELECT session_id FROM auth_refresh_token WHERE token_hash = $1',
      [refreshTokenHash(presented)],
    );
    return tokens[0] ? this.sessionRow(tx, tokens[0].session_id) : null;
  }

  async sessionRow(tx: EntityManager, sessionId: string): Promise<SessionUserRow | null> {
    const rows: SessionUserRow[] = await tx.query(
      `SELECT ${SESSION_USER_COLUMNS} FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Ends one session; true when it was still open. */
  async revoke(tx: EntityManager, sessionId: string, reason: string, now: Date): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `WITH revoked AS (
         UPDATE auth_session SET revoked_at = $3, revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM revoked`,
      [sessionId, reason, now],
    );
    return rows.length > 0;
  }

  /** Ends every open session of a user but `keep`; returns how many. */
  async revokeAllOf(tx: EntityManager, userId: string, reason: string, now: Date, keep?: string): Promise<number> {
    const rows: { id: string }[] = await tx.query(
      `WITH revoked AS (
         UPDATE auth_session SET revoked_at = $3, revoked_reason = $2
          WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid) RETURNING id)
       SELECT id FROM revoked`,
      [userId, reason, now, keep ?? null],
    );
    return rows.length;
  }

  private async addRefreshToken(tx: EntityManager, sessionId: string, now: Date): Promise<string> {
    const token = newRefreshToken();
    await tx.query('INSERT INTO auth_refresh_token (token_hash, session_id, issued_at) VALUES ($1, $2, $3)', [
      refreshTokenHash(token),
      sessionId,
      now,
    ]);
    return token;
  }
}
