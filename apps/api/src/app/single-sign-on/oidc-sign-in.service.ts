import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type SsoErrorCode, amrHasSecondFactor } from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { AuditWriter } from '../audit';
import { AccessTokens, type SignInResult, SignInCompletion } from '../auth';
import { PasswordHasher } from '../credentials';
import { User } from '../users';
import type { OidcIdentity } from './oidc-client';
import { OidcMappingsService } from './oidc-mappings.service';

/** A refused single sign-on: the code the sign-in page shows, and what the audit event records. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly detail: string,
    readonly user: Pick<User, 'id' | 'departmentId'> | null = null,
  ) {
    super(detail);
  }
}

/** The values of the mapped claim: one string, or a list of them (e.g. `groups`). */
function claimValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200);
}

/** A username of our pattern from the provider's (lowercase, ., -, _), or one from the subject. */
function usernameFrom(preferred: unknown, subject: string): string {
  const cleaned =
    typeof preferred === 'string'
      ? preferred
          .toLowerCase()
          .replace(/@.*$/, '')
          .replace(/[^a-z0-9._-]+/g, '-')
          .replace(/^[^a-z]+/, '')
          .slice(0, 48)
      : '';
  return cleaned.length >= 2 ? cleaned : `sso-${createHash('sha256').update(subject).digest('hex').slice(0, 12)}`;
}

/**
 * The callback's use case once the provider's tokens checked out. Linking: a provider account is
 * the local account that carries its (issuer, sub); never one matched by username or e-mail, so an
 * identity provider cannot take over a local account. The first sign-in provisions the account with
 * the role and department the mapped claim gives; later sign-ins keep what the security administrator
 * set since, but still need the claim to map (someone the zone removed from its groups is refused).
 * The provider's `amr` satisfies the MFA rule only when it names a second factor; otherwise the
 * account's own TOTP step (or the enrolment its role requires) follows, as after a password.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly mappings: OidcMappingsService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly completion: SignInCompletion,
  ) {}

  async signIn(identity: OidcIdentity, claim: string, usernameClaim: string): Promise<SignInResult> {
    // Hashed outside the transaction (argon2 takes a while): the unusable password of a new account.
    const unusablePassword = await this.hasher.hash(randomBytes(32).toString('base64url'));
    return this.unitOfWork.run(async (tx) => {
      const values = claimValues(identity.claims[claim]);
      const mapping = await this.mappings.forClaim(tx, values);
      // Two first sign-ins of one provider account at once (two tabs) make one account, not a duplicate key.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`oidc:${identity.issuer} ${identity.subject}`]);
      let user = await tx.getRepository(User).findOne({
        where: { oidcIssuer: identity.issuer, oidcSubject: identity.subject },
        lock: { mode: 'pessimistic_write' },
      });
      if (!mapping) {
        throw new SsoRefusal('unmapped', `${claim}=${JSON.stringify(values).slice(0, 300)} has no mapping`, user);
      }
      if (user?.locked) throw new SsoRefusal('locked', 'account locked', user);
      if (!user) user = await this.provision(tx, identity, usernameClaim, mapping, unusablePassword);

      const secondFactor = amrHasSecondFactor(identity.amr);
      const amr = secondFactor ? ['oidc', 'mfa'] : ['oidc'];
      await this.audit.append(tx, {
        actor: { id: user.id, role: user.role, departmentId: user.departmentId },
        action: 'auth.oidc_verified',
        entityType: 'user',
        entityId: user.id,
        after: { issuer: identity.issuer, amr: Array.isArray(identity.amr) ? identity.amr : null, secondFactor },
      });
      if (!secondFactor && user.totpEnabledAt) {
        // The provider did not ask for a second factor: the account's own code follows.
        const mfaToken = await this.tokens.signStep('mfa', { sub: user.id, sv: user.sessionVersion, amr });
        return { outcome: { mfaRequired: true, mfaToken } };
      }
      return this.completion.next(tx, user, { amr, passwordChange: null });
    });
  }

  /** Records a refused sign-in as a security event (its own transaction: the refusal rolled back). */
  async recordFailure(code: SsoErrorCode, detail: string, user: SsoRefusal['user']): Promise<void> {
    await this.unitOfWork.run((tx) =>
      this.audit.append(tx, {
        actor: null,
        action: 'auth.oidc_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        departmentId: user?.departmentId ?? null,
        after: { reason: code, detail: detail.slice(0, 500) },
      }),
    );
  }

  private async provision(
    tx: EntityManager,
    identity: OidcIdentity,
    usernameClaim: string,
    mapping: { role: User['role']; departmentId: string | null; claimValue: string },
    passwordHash: string,
  ): Promise<User> {
    const repository = tx.getRepository(User);
    const base = usernameFrom(identity.claims[usernameClaim], `${identity.issuer} ${identity.subject}`);
    const suffix = createHash('sha256').update(`${identity.issuer} ${identity.subject}`).digest('hex').slice(0, 8);
    // A local account of that name stays untouched: the new one gets a suffix of its subject's hash.
    // Locked by name, so two new provider accounts of one name cannot both take it.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`username:${base}`]);
    const username = (await repository.existsBy({ username: base })) ? `${base.slice(0, 48)}-${suffix}` : base;
    const name = identity.claims['name'];
    const email = identity.claims['email'];
    const user = repository.create({
      username,
      displayName: typeof name === 'string' && name.trim() ? name.trim().slice(0, 100) : username,
      role: mapping.role,
      departmentId: mapping.departmentId,
      email:
        identity.claims['email_verified'] === true && typeof email === 'string' && email.length <= 254 ? email : null,
      passwordHash,
      mustChangePassword: false,
      oidcIssuer: identity.issuer,
      oidcSubject: identity.subject,
    });
    await repository.save(user);
    await this.audit.append(tx, {
      actor: null,
      action: 'user.provision_oidc',
      entityType: 'user',
      entityId: user.id,
      departmentId: user.departmentId,
      after: { username, role: user.role, departmentId: user.departmentId, claimValue: mapping.claimValue },
    });
    return user;
  }
}
