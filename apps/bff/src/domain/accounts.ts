import type { Role } from '@mdm-console/contract';
import { roleSchema } from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Account, Database } from '../store/schema.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(400, 'WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Local console accounts: e-mail, scrypt-hashed password, role. */
export class Accounts {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  }

  async byId(id: number): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async create(email: string, password: string, role: Role): Promise<Account> {
    checkPassword(password);
    const normalized = normalizeEmail(email);
    if (await this.findByEmail(normalized))
      throw new AppError(409, 'ACCOUNT_EXISTS', `An account for ${normalized} exists already.`);
    await this.db
      .insertInto('accounts')
      .values({
        email: normalized,
        password_hash: await hashPassword(password),
        role: roleSchema.parse(role),
        disabled: 0,
        created_at: new Date().toISOString(),
        space_id: null,
      })
      .execute();
    const created = await this.findByEmail(normalized);
    if (!created)
      throw new AppError(500, 'ACCOUNT_NOT_SAVED', 'The account could not be saved.', { operational: false });
    return created;
  }

  /** Creates the account unless it exists (demo accounts at every start). */
  async ensure(email: string, password: string, role: Role): Promise<void> {
    if (!(await this.findByEmail(email))) await this.create(email, password, role);
  }

  private async update(
    email: string,
    values: Partial<Pick<Account, 'password_hash' | 'role' | 'disabled' | 'space_id'>>,
  ): Promise<void> {
    const result = await this.db
      .updateTable('accounts')
      .set(values)
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n)
      throw new AppError(404, 'ACCOUNT_NOT_FOUND', `No account for ${normalizeEmail(email)}.`);
  }

  async setPassword(email: string, password: string): Promise<void> {
    checkPassword(password);
    await this.update(email, { password_hash: await hashPassword(password) });
  }

  async setRole(email: string, role: Role): Promise<void> {
    await this.update(email, { role: roleSchema.parse(role) });
  }

  async disable(email: string): Promise<void> {
    await this.update(email, { disabled: 1 });
  }

  async setSpace(id: number, spaceId: number): Promise<void> {
    await this.db.updateTable('accounts').set({ space_id: spaceId }).where('id', '=', id).execute();
  }
}
