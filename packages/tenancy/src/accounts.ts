import { createHash } from 'node:crypto';
import type { SignUpRequest } from '@linkscope/domain';
import { type ConfigStore, ConfigStoreError, GLOBAL_SCOPE } from '@linkscope/storage';
import type { AttemptCounter } from './attempt-counter';
import type { OrganisationService } from './organisations';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { digestSecret, newSecret } from './secrets';
import { TenancyError } from './tenancy-error';
import { SESSION, USER, type UserRecord } from './tenancy-types';

export interface AccountPolicy {
  /** Absolute lifetime of a session. */
  readonly sessionTtlSeconds: number;
  /** A session unused for this long has expired. */
  readonly sessionIdleSeconds: number;
  /** Failed logins per account per window before the account is refused for the rest of it. */
  readonly loginFailuresPerAccount: number;
  /** Login attempts per client address per window. */
  readonly loginAttemptsPerAddress: number;
  readonly loginWindowSeconds: number;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  sessionTtlSeconds: 7 * 24 * 3600,
  sessionIdleSeconds: 12 * 3600,
  loginFailuresPerAccount: 10,
  loginAttemptsPerAddress: 100,
  loginWindowSeconds: 15 * 60,
};

/** lastSeenAt is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

/** A session just issued: `token` goes into the cookie and is never stored. */
export interface IssuedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Who a valid session belongs to. */
export interface SessionPrincipal {
  readonly sessionId: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly csrfToken: string;
  readonly organisationIds: readonly string[];
  /** The organisation and project last selected in this session. */
  readonly organisationId: string | null;
  readonly projectId: string | null;
}

/** The user id of an email: derived, so two accounts can never share an email. */
export function userIdFor(email: string): string {
  return `u_${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
}

/** Accounts, passwords and sessions. */
export class AccountService {
  private readonly users;
  private readonly sessions;

  constructor(
    store: ConfigStore,
    private readonly organisations: OrganisationService,
    private readonly attempts: AttemptCounter,
    private readonly policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
  ) {
    this.users = store.of(USER);
    this.sessions = store.of(SESSION);
  }

  /** Creates an account and its first organisation (the user is its owner) and signs in. */
  async signUp(input: Required<SignUpRequest>): Promise<{ userId: string; organisationId: string; session: IssuedSession }> {
    const userId = await this.createUser(input.email, input.name, input.password);
    const organisationId = await this.organisations.createOrganisation({ userId, email: input.email, name: input.name }, input.organisationName);
    return { userId, organisationId, session: await this.issueSession(userId, organisationId) };
  }

  /** Creates a bare account (sign-up, or accepting an invitation). CONFLICT when the email has one. */
  async createUser(email: string, name: string, password: string): Promise<string> {
    const userId = userIdFor(email);
    const record: UserRecord = { email, name, passwordHash: await hashPassword(password), organisationIds: [], passwordChangedAt: new Date().toISOString() };
    try {
      await this.users.create(GLOBAL_SCOPE, record, { id: userId });
    } catch (error) {
      if (error instanceof ConfigStoreError && error.code === 'CONFLICT') throw new TenancyError('CONFLICT', 'an account with this email already exists');
      throw error;
    }
    return userId;
  }

  async findUser(userId: string): Promise<({ id: string } & UserRecord) | null> {
    const user = await this.users.get(GLOBAL_SCOPE, userId);
    return user ? { id: user.id, ...user.attributes } : null;
  }

  /**
   * Checks email and password and issues a session. Refuses (RATE_LIMITED) past the per-address
   * attempt limit or the per-account failure limit; one message for unknown email and wrong
   * password, and the same time spent on both.
   */
  async login(email: string, password: string, address: string): Promise<IssuedSession> {
    const { loginWindowSeconds: window } = this.policy;
    const addressKey = `login:address:${address}`;
    const accountKey = `login:account:${email}`;
    if ((await this.attempts.increment(addressKey, window)) > this.policy.loginAttemptsPerAddress) {
      throw new TenancyError('RATE_LIMITED', 'too many login attempts from this address; try again later', window);
    }
    if ((await this.attempts.count(accountKey)) >= this.policy.loginFailuresPerAccount) {
      throw new TenancyError('RATE_LIMITED', 'too many failed logins for this account; try again later', window);
    }
    const user = await this.users.get(GLOBAL_SCOPE, userIdFor(email));
    const ok = user ? await verifyPassword(password, user.attributes.passwordHash) : await verifyAgainstNothing(password);
    if (!user || !ok) {
      await this.attempts.increment(accountKey, window);
      throw new TenancyError('UNAUTHENTICATED', 'wrong email or password');
    }
    await this.attempts.clear(accountKey);
    return this.issueSession(user.id, user.attributes.organisationIds[0] ?? null);
  }

  async issueSession(userId: string, organisationId: string | null): Promise<IssuedSession> {
    const token = newSecret('');
    const csrfToken = newSecret('').slice(0, 43);
    const now = Date.now();
    const expiresAt = new Date(now + this.policy.sessionTtlSeconds * 1000);
    await this.sessions.create(
      GLOBAL_SCOPE,
      { userId, expiresAt: expiresAt.toISOString(), lastSeenAt: new Date(now).toISOString(), csrfToken, organisationId, projectId: null },
      { id: digestSecret(token), refresh: false },
    );
    return { token, csrfToken, expiresAt };
  }

  /**
   * The principal of a session cookie's token. UNAUTHENTICATED with "not signed in" for a token
   * that matches no session (absent, tampered, signed out), "session expired" past its lifetime
   * or idle timeout.
   */
  async authenticate(token: string | undefined): Promise<SessionPrincipal> {
    if (!token || token.length > 128) throw new TenancyError('UNAUTHENTICATED', 'not signed in');
    const sessionId = digestSecret(token);
    const session = await this.sessions.get(GLOBAL_SCOPE, sessionId);
    if (!session) throw new TenancyError('UNAUTHENTICATED', 'not signed in');
    const now = Date.now();
    const s = session.attributes;
    if (Date.parse(s.expiresAt) <= now || Date.parse(s.lastSeenAt) + this.policy.sessionIdleSeconds * 1000 <= now) {
      await this.sessions.delete(GLOBAL_SCOPE, sessionId, { refresh: false });
      throw new TenancyError('UNAUTHENTICATED', 'session expired; sign in again');
    }
    const user = await this.users.get(GLOBAL_SCOPE, s.userId);
    if (!user) throw new TenancyError('UNAUTHENTICATED', 'not signed in');
    if (now - Date.parse(s.lastSeenAt) > TOUCH_EVERY_MS) {
      // Best effort: a lost race only delays the idle clock by a request.
      await this.sessions.update(GLOBAL_SCOPE, sessionId, { ...s, lastSeenAt: new Date(now).toISOString() }, { version: session.version, refresh: false }).catch(() => undefined);
    }
    return {
      sessionId,
      userId: user.id,
      email: user.attributes.email,
      name: user.attributes.name,
      csrfToken: s.csrfToken,
      organisationIds: user.attributes.organisationIds,
      organisationId: s.organisationId,
      projectId: s.projectId,
    };
  }

  /** Remembers the organisation and project a session works in (already checked by the caller). */
  async select(sessionId: string, organisationId: string, projectId: string | null): Promise<void> {
    await this.sessions.modify(GLOBAL_SCOPE, sessionId, (s) => ({ ...s, organisationId, projectId }), { refresh: false });
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.delete(GLOBAL_SCOPE, sessionId, { refresh: false });
  }

  /** Changes the password after checking the current one, and ends every other session of the user. */
  async changePassword(principal: SessionPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.get(GLOBAL_SCOPE, principal.userId);
    if (!user || !(await verifyPassword(currentPassword, user.attributes.passwordHash))) {
      throw new TenancyError('FORBIDDEN', 'the current password is wrong');
    }
    const passwordHash = await hashPassword(newPassword);
    await this.users.modify(GLOBAL_SCOPE, user.id, (u) => ({ ...u, passwordHash, passwordChangedAt: new Date().toISOString() }));
    for (;;) {
      const page = await this.sessions.find(GLOBAL_SCOPE, { where: { userId: user.id }, limit: 100 });
      const others = page.items.filter((s) => s.id !== principal.sessionId);
      if (others.length === 0) break;
      for (const s of others) await this.sessions.delete(GLOBAL_SCOPE, s.id);
    }
  }

  /** Resets a password without the current one. For the demo seed only. */
  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.users.modify(GLOBAL_SCOPE, userId, (u) => ({ ...u, passwordHash }));
  }
}
