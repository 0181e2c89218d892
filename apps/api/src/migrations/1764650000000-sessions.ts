import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and sessions for 等保 2.0 level 3 / ASVS 5.0 level 2: server-side sessions with rotating
 * refresh tokens, TOTP second factors with recovery codes, forced password changes, and sign-in
 * throttling per (username, address) pair and per address shared by every api process.
 */
export class Sessions1764650000000 implements MigrationInterface {
  name = 'Sessions1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE app_user
        -- set when an administrator sets the password (create, reset): changed at the next sign-in
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
        -- a seeded demo account: exempt from MFA and forced changes while DEMO_DATA is on, never otherwise
        ADD COLUMN demo boolean NOT NULL DEFAULT false,
        -- the TOTP secret, sealed with AES-256-GCM (never stored or sent in the clear after enrolment)
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_pending_secret text,
        ADD COLUMN totp_enabled_at timestamptz,
        -- the last accepted TOTP time step: a code is accepted once (replay refused)
        ADD COLUMN totp_last_step bigint`);
    // The accounts the demo seeder created (it records demo: true and no actor); nothing else.
    await db.query(`
      UPDATE app_user SET demo = true
       WHERE id::text IN (SELECT entity_id FROM audit_event
                           WHERE action = 'user.create' AND actor_id IS NULL AND after->>'demo' = 'true')`);

    await db.query(`
      CREATE TABLE mfa_recovery_code (
        user_id uuid NOT NULL CONSTRAINT fk_mfa_recovery_code_user REFERENCES app_user (id) ON DELETE CASCADE,
        -- HMAC-SHA-256 of the normalised code under a server key: a stolen table reveals no code
        code_hash char(64) NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mfa_recovery_code PRIMARY KEY (user_id, code_hash)
      )`);

    await db.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT fk_auth_session_user REFERENCES app_user (id) ON DELETE CASCADE,
        -- how the user authenticated (RFC 8176: pwd, otp, mfa)
        amr text[] NOT NULL,
        -- the user's session_version at sign-in: locking the user, a role change or a reset ends the session
        user_session_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        -- the last request the user started (background polling does not count): the idle limit
        last_seen_at timestamptz NOT NULL,
        -- created_at + SESSION_ABSOLUTE_HOURS: the absolute limit
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(32),
        ip varchar(64),
        user_agent varchar(256)
      )`);
    await db.query(`CREATE INDEX ix_auth_session_user ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await db.query(`CREATE INDEX ix_auth_session_expires ON auth_session (expires_at)`);

    // One row per refresh token ever issued for a session (its family): a used one presented again
    // is the sign of a stolen token, and revokes the session.
    await db.query(`
      CREATE TABLE auth_refresh_token (
        token_hash char(64) NOT NULL CONSTRAINT pk_auth_refresh_token PRIMARY KEY,
        session_id uuid NOT NULL CONSTRAINT fk_auth_refresh_token_session REFERENCES auth_session (id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX ix_auth_refresh_token_session ON auth_refresh_token (session_id)`);

    // login_throttle (per username) now counts failures across every address; the pair table counts
    // them per (username, client address).
    await db.query(`
      CREATE TABLE login_pair_throttle (
        username varchar(64) NOT NULL,
        address varchar(64) NOT NULL,
        failures timestamptz[] NOT NULL DEFAULT '{}',
        locked_until timestamptz,
        CONSTRAINT pk_login_pair_throttle PRIMARY KEY (username, address)
      )`);
    // Sign-in attempts per client address and minute (LOGIN_RATE_PER_MINUTE), shared by every process.
    await db.query(`
      CREATE TABLE login_address_rate (
        address varchar(64) NOT NULL,
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL,
        CONSTRAINT pk_login_address_rate PRIMARY KEY (address, window_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_address_rate`);
    await db.query(`DROP TABLE login_pair_throttle`);
    await db.query(`DROP TABLE auth_refresh_token`);
    await db.query(`DROP TABLE auth_session`);
    await db.query(`DROP TABLE mfa_recovery_code`);
    await db.query(`
      ALTER TABLE app_user
        DROP COLUMN must_change_password, DROP COLUMN password_changed_at, DROP COLUMN demo,
        DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret, DROP COLUMN totp_enabled_at,
        DROP COLUMN totp_last_step`);
  }
}
