import { roleSchema, type Role } from '@mdm-console/contract';
import { AppError } from '../errors.ts';
import type { AccountChanges, AccountRecord, AccountsRepository } from '../store/accounts-repository.ts';
import type { Clock } from './clock.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(400, 'WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Local console accounts: e-mail, scrypt-hashed password, role. */
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

  async create(email: string, password: string, role: Role): Promise<AccountRecord> {
    checkPassword(password);
    const normalized = normalizeEmail(email);
    if (await this.repository.byEmail(normalized))
      throw new AppError(409, 'ACCOUNT_EXISTS', `An account for ${normalized} exists already.`);
    await this.repository.insert({
      email: normalized,
      passwordHash: await hashPassword(password),
      role: roleSchema.parse(role),
      createdAt: new Date(this.clock()).toISOString(),
    });
    const created = await this.repository.byEmail(normalized);
    if (!created)
      throw new AppError(500, 'ACCOUNT_NOT_SAVED', 'The account could not be saved.', { operational: false });
    return created;
  }

  /** Creates the account unless it exists (demo accounts at every start). */
  async ensure(email: string, password: string, role: Role): Promise<void> {
    if (!(await this.findByEmail(email))) await this.create(email, password, role);
  }

  private async update(email: string, changes: AccountChanges): Promise<void> {
    if (!(await this.repository.update(normalizeEmail(email), changes)))
      throw new AppError(404, 'ACCOUNT_NOT_FOUND', `No account for ${normalizeEmail(email)}.`);
  }

  async setPassword(email: string, password: string): Promise<void> {
    checkPassword(password);
    await this.update(email, { passwordHash: await hashPassword(password) });
  }

  async setRole(email: string, role: Role): Promise<void> {
    await this.update(email, { role: roleSchema.parse(role) });
  }

  async disable(email: string): Promise<void> {
    await this.update(email, { disabled: true });
  }

  async setSpace(id: number, spaceId: number): Promise<void> {
    await this.repository.setSpace(id, spaceId);
  }
}
