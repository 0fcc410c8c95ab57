import { roleAssignmentSchema, type RoleAssignment } from '@mdm-console/contract';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { AccountChanges, AccountRecord, AccountsRepository } from '../store/accounts-repository.ts';
import type { Clock } from './clock.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(400, 'WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
}

const assignmentsSchema = z.array(roleAssignmentSchema).min(1);

/** Console accounts: local ones (e-mail, scrypt-hashed password) and the OpenID provider's; each with its roles. */
export class Accounts {
  private readonly repository: AccountsRepository;
  private readonly clock: Clock;

  constructor(repository: AccountsRepository, clock: Clock) {
    this.repository = repository;
    this.clock = clock;
  }

  findByEmail(email: string): Promise<AccountRecord | undefined> {
    return this.repository.byEmail(normalizeEmail(email));
  }

  async create(email: string, password: string, assignments: readonly RoleAssignment[]): Promise<AccountRecord> {
    checkPassword(password);
    const normalized = normalizeEmail(email);
    if (await this.repository.byEmail(normalized))
      throw new AppError(409, 'ACCOUNT_EXISTS', `An account for ${normalized} exists already.`);
    await this.repository.insert({
      email: normalized,
      passwordHash: await hashPassword(password),
      assignments: assignmentsSchema.parse(assignments),
      createdAt: new Date(this.clock()).toISOString(),
    });
    const created = await this.repository.byEmail(normalized);
    if (!created)
      throw new AppError(500, 'ACCOUNT_NOT_SAVED', 'The account could not be saved.', { operational: false });
    return created;
  }

  /** Creates the account unless it exists (demo accounts at every start). */
  async ensure(email: string, password: string, assignments: readonly RoleAssignment[]): Promise<void> {
    if (!(await this.findByEmail(email))) await this.create(email, password, assignments);
  }

  findByIdentity(identity: { issuer: string; subject: string }): Promise<AccountRecord | undefined> {
    return this.repository.byIdentity(identity.issuer, identity.subject);
  }

  list(): Promise<AccountRecord[]> {
    return this.repository.list();
  }

  /**
   * The account of a person the OpenID provider vouches for, known by issuer and subject (never matched to a local
   * account by e-mail), created at their first sign-in; its roles and e-mail are set anew at every sign-in.
   */
  async fromProvider(
    identity: { issuer: string; subject: string },
    email: string,
    assignments: readonly RoleAssignment[],
  ): Promise<AccountRecord> {
    const checked = assignmentsSchema.parse(assignments);
    const known = await this.repository.byIdentity(identity.issuer, identity.subject);
    if (known) await this.repository.update({ id: known.id }, { assignments: checked, email });
    else
      await this.repository.insert({
        email,
        passwordHash: null,
        assignments: checked,
        createdAt: new Date(this.clock()).toISOString(),
        identity,
      });
    const account = await this.repository.byIdentity(identity.issuer, identity.subject);
    if (!account)
      throw new AppError(500, 'ACCOUNT_NOT_SAVED', 'The account could not be saved.', { operational: false });
    return account;
  }

  private async update(email: string, changes: AccountChanges): Promise<void> {
    if (!(await this.repository.update({ email: normalizeEmail(email) }, changes)))
      throw new AppError(404, 'ACCOUNT_NOT_FOUND', `No account for ${normalizeEmail(email)}.`);
  }

  async setPassword(email: string, password: string): Promise<void> {
    checkPassword(password);
    await this.update(email, { passwordHash: await hashPassword(password) });
  }

  async setRole(email: string, assignments: readonly RoleAssignment[]): Promise<void> {
    await this.update(email, { assignments: assignmentsSchema.parse(assignments) });
  }

  async disable(email: string): Promise<void> {
    await this.update(email, { disabled: true });
  }

  async setSpace(id: number, spaceId: number): Promise<void> {
    await this.repository.update({ id }, { spaceId });
  }
}
