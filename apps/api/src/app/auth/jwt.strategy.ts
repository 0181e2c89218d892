import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { Role } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { databaseUnavailable, isDatabaseUnavailable } from '../../core/problems/database-errors';
import { JWT_SECRET } from './auth.tokens';
import type { TokenPayload } from './auth.service';

interface SessionRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  locked: boolean;
  session_version: number;
}

/**
 * Accepts a bearer token only while its user exists, is not locked and has the session version the
 * token was issued with: locking a user or changing their password or role ends their sessions.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JWT_SECRET) secret: string,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret, algorithms: ['HS256'] });
  }

  async validate(payload: TokenPayload): Promise<AuthUser | false> {
    if (typeof payload.sub !== 'string' || typeof payload.sv !== 'number') return false;
    const rows = await this.sessionRows(payload.sub);
    const row = rows[0];
    if (!row || row.locked || row.session_version !== payload.sv) return false;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      departmentId: row.department_id,
    };
  }

  /** The token's user; a lookup that fails throws (never `false`): an outage is a 503, not a sign-out. */
  private async sessionRows(userId: string): Promise<SessionRow[]> {
    try {
      return await this.dataSource.query(
        `SELECT id, username, display_name, role, department_id, locked, session_version
           FROM app_user WHERE id = $1`,
        [userId],
      );
    } catch (error) {
      throw isDatabaseUnavailable(error) ? databaseUnavailable() : error;
    }
  }
}
